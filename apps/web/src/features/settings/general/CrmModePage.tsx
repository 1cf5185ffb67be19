import { Alert, Button, Group, Loader, Modal, Radio, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/hooks';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';

type Mode = 'classic' | 'simple';
const modeKey = ['settings', 'crm-mode'] as const;

/**
 * /settings/crm-mode: classic (with leads) or simple (without). Switching to simple converts the open leads, so the
 * confirmation says how many; afterwards the navigation loses (or regains) its Leads entry.
 */
export function CrmModePage() {
  const { t } = useTranslation('settingsGeneral');
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: modeKey, queryFn: () => api.get<{ mode: Mode; openLeads: number }>('/settings/crm-mode') });
  const [chosen, setChosen] = useState<Mode | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const current = state.data?.mode;
  const selected = chosen ?? current;

  const save = async () => {
    if (!selected || !state.data) return;
    setSaving(true);
    setError(null);
    try {
      const result = await api.put<{ mode: Mode; converted: number }>('/settings/crm-mode', { mode: selected, ...(selected === 'simple' ? { confirm: true } : {}) });
      notifySuccess(
        result.converted > 0
          ? `${t('crmMode.switched', { mode: t(`crmMode.modes.${result.mode}`) })} · ${t('crmMode.converted', { count: result.converted })}`
          : t('crmMode.switched', { mode: t(`crmMode.modes.${result.mode}`) }),
      );
      setConfirming(false);
      setChosen(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: modeKey }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me }),
        queryClient.invalidateQueries({ queryKey: queryKeys.types }),
        queryClient.invalidateQueries({ queryKey: ['items'] }),
      ]);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md" maw={760}>
      <Title order={2} size="h3">
        {t('settings:sections.crmMode')}
      </Title>
      {state.isPending && <Loader size="sm" />}
      {state.isError && <Alert color="red">{errorMessage(state.error, t)}</Alert>}
      {state.data && (
        <>
          <Text size="sm">
            {t('crmMode.current', { mode: t(`crmMode.modes.${state.data.mode}`) })}
            {state.data.mode === 'classic' && ` · ${t('crmMode.openLeads', { count: state.data.openLeads })}`}
          </Text>
          <Radio.Group label={t('crmMode.choose')} value={selected} onChange={(value) => setChosen(value as Mode)}>
            <Stack gap="sm" mt="xs">
              <Radio.Card value="classic" p="md" radius="md" aria-label={t('crmMode.classic')}>
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600}>{t('crmMode.classic')}</Text>
                    <Text size="sm" c="dimmed">
                      {t('crmMode.classicHint')}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
              <Radio.Card value="simple" p="md" radius="md" aria-label={t('crmMode.simple')}>
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600}>{t('crmMode.simple')}</Text>
                    <Text size="sm" c="dimmed">
                      {t('crmMode.simpleHint')}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            </Stack>
          </Radio.Group>
          <Group>
            <Button disabled={selected === current} onClick={() => setConfirming(true)}>
              {t('crmMode.save')}
            </Button>
          </Group>
        </>
      )}
      {confirming && state.data && selected && (
        <Modal
          opened
          onClose={() => setConfirming(false)}
          title={selected === 'simple' ? t('crmMode.confirmTitle') : t('crmMode.classicConfirmTitle')}
          closeButtonProps={{ 'aria-label': t('common:actions.close') }}
        >
          <Stack gap="sm">
            <Text size="sm">
              {selected === 'classic' ? t('crmMode.classicConfirm') : state.data.openLeads > 0 ? t('crmMode.confirmLeads', { count: state.data.openLeads }) : t('crmMode.confirmNone')}
            </Text>
            {error !== null && (
              <Alert color="red" role="alert">
                {errorMessage(error, t)}
              </Alert>
            )}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common:actions.cancel')}
              </Button>
              <Button loading={saving} onClick={() => void save()} data-autofocus>
                {selected === 'simple' && state.data.openLeads > 0 ? t('crmMode.confirmButton') : t('crmMode.classicButton')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
