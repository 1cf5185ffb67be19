import { Alert, Button, Checkbox, CopyButton, Fieldset, Group, Loader, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { useWebhookKinds, type Webhook, type WebhookInput } from './integrations-api';
import { checkWebhookForm, groupKinds, groupState, toggleGroup, webhookRefusal, type WebhookField } from './webhook-form';

export interface WebhookFormModalProps {
  /** The webhook edited; none for a new one. */
  webhook?: Webhook;
  onSubmit: (input: WebhookInput) => Promise<void>;
  onClose: () => void;
}

/** A webhook's address, description and events, the events grouped by what they happen to. */
export function WebhookFormModal({ webhook, onSubmit, onClose }: WebhookFormModalProps) {
  const { t } = useTranslation('settingsIntegrations');
  const kinds = useWebhookKinds();
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [selected, setSelected] = useState<string[]>(webhook?.kinds ?? []);
  const [problems, setProblems] = useState<ReturnType<typeof checkWebhookForm>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const refusal = webhookRefusal(error);
  const general = error === null ? null : refusal ? (refusal.other.length > 0 ? refusal.other.join(' ') : null) : errorMessage(error, t);
  const fieldError = (field: WebhookField) => {
    const problem = problems[field];
    return problem ? t(`form.${problem}`) : refusal?.fields[field];
  };
  const groups = groupKinds(kinds.data ?? []);
  const urlInput = useRef<HTMLInputElement>(null);
  const kindsBox = useRef<HTMLFieldSetElement>(null);
  // The events list is long: a refused address would be out of sight at the top of the dialog, so it comes into view.
  useEffect(() => {
    const refused = webhookRefusal(error)?.fields;
    if (refused?.url) urlInput.current?.focus();
    else if (refused?.kinds) kindsBox.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkWebhookForm({ url, kinds: selected });
    setProblems(found);
    if (found.url) urlInput.current?.focus();
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    setError(null);
    try {
      await onSubmit({ url: url.trim(), description: description.trim(), kinds: selected });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  const kindsError = fieldError('kinds');
  return (
    <Modal opened onClose={onClose} title={webhook ? t('form.editTitle') : t('form.addTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('form.url')}
            description={t('form.urlHint')}
            required
            type="url"
            inputMode="url"
            maxLength={2000}
            placeholder="https://"
            data-autofocus
            ref={urlInput}
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
            error={fieldError('url')}
          />
          <Textarea
            label={t('form.description')}
            description={t('form.descriptionHint')}
            autosize
            minRows={1}
            maxRows={4}
            maxLength={500}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            error={fieldError('description')}
          />
          <Fieldset ref={kindsBox} legend={`${t('form.kinds')} *`} variant="unstyled" aria-describedby="webhook-kinds-hint">
            <Text id="webhook-kinds-hint" size="xs" c="dimmed" mb="xs">
              {t('form.kindsHint')}
            </Text>
            {kinds.isPending && <Loader size="sm" aria-label={t('common:state.loading')} />}
            {kinds.isError && <Alert color="red">{t('form.kindsLoadFailed')}</Alert>}
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="md">
              {groups.map((group) => {
                const state = groupState(selected, group);
                const groupLabel = t(`groups.${group.group}`, { defaultValue: group.group });
                return (
                  <Stack key={group.group} gap={6} role="group" aria-label={groupLabel}>
                    <Checkbox
                      label={<Text fw={600} size="sm">{t('form.allOf', { group: groupLabel })}</Text>}
                      checked={state === 'all'}
                      indeterminate={state === 'some'}
                      onChange={(event) => {
                        // Read now: the updater runs after React has let go of the event.
                        const on = event.currentTarget.checked;
                        setSelected((current) => toggleGroup(current, group, on));
                      }}
                    />
                    <Stack gap={6} pl="lg">
                      {group.kinds.map((kind) => (
                        <Checkbox
                          key={kind.kind}
                          size="sm"
                          label={kind.label}
                          value={kind.kind}
                          checked={selected.includes(kind.kind)}
                          onChange={(event) => {
                            const on = event.currentTarget.checked;
                            setSelected((current) => (on ? [...current, kind.kind] : current.filter((k) => k !== kind.kind)));
                          }}
                        />
                      ))}
                    </Stack>
                  </Stack>
                );
              })}
            </SimpleGrid>
            {kindsError && (
              <Text size="sm" c="red.8" mt="xs" role="alert">
                {kindsError}
              </Text>
            )}
          </Fieldset>
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {webhook ? t('common:actions.save') : t('form.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The signing secret, shown only here: once this dialog closes nobody can see it again. */
export function SecretDialog({ secret, rotated, onClose }: { secret: string; rotated: boolean; onClose: () => void }) {
  const { t } = useTranslation('settingsIntegrations');
  return (
    <Modal opened onClose={onClose} title={rotated ? t('secret.rotatedTitle') : t('secret.createdTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <Stack gap="sm">
        <Text size="sm">{t('secret.explain')}</Text>
        <Alert color="yellow" variant="light">
          <Text size="sm" fw={500}>
            {t('secret.once')}
          </Text>
        </Alert>
        {/* The whole secret in view, wrapped, also on a phone. */}
        <Textarea
          label={t('secret.label')}
          value={secret}
          readOnly
          autosize
          minRows={1}
          onFocus={(event) => event.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' } }}
        />
        <Group justify="flex-end" gap="sm">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal.9' : undefined} onClick={copy} aria-live="polite">
                {copied ? t('secret.copied') : t('secret.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={onClose}>
            {t('secret.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
