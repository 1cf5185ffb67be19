import { Alert, Button, Group, Input, Modal, SegmentedControl, Stack, Switch, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import type { Item } from '../../api/types';
import { ItemPicker } from '../../components/fields/ItemPicker';
import { errorMessage } from '../../lib/errors';
import { afterItemChange, useReloadItem } from './card-api';
import { ConversionResult, type Conversion } from './ConversionResult';

type Choice = 'none' | 'new' | 'existing';
interface Target {
  choice: Choice;
  id: number | null;
}

const initialTarget = (linked: unknown, suggested: boolean): Target =>
  typeof linked === 'number' ? { choice: 'existing', id: linked } : { choice: suggested ? 'new' : 'none', id: null };

/**
 * Converts a lead, as Bitrix24 does from its card: into a contact and/or a company (each new from the lead's data, or
 * an existing one) and/or a new deal; everything is linked and the lead becomes converted. Ends with links to them.
 */
export function ConvertLeadDialog({ lead, opened, onClose }: { lead: Item; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('card');
  const client = useQueryClient();
  const reload = useReloadItem('leads', lead.id);
  const hasPerson = [lead.name, lead.lastName, lead.secondName].some((value) => typeof value === 'string' && value.trim() !== '');
  const [contact, setContact] = useState<Target>(() => initialTarget(lead.contactId, hasPerson));
  const [company, setCompany] = useState<Target>(() => initialTarget(lead.companyId, typeof lead.companyTitle === 'string' && lead.companyTitle.trim() !== ''));
  const [deal, setDeal] = useState(true);
  const [missing, setMissing] = useState<string | null>(null);
  const [reloadedNote, setReloadedNote] = useState(false);

  const convert = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Conversion>(`/leads/${lead.id}/convert`, body),
    onSuccess: (result) => {
      client.setQueryData(queryKeys.item('leads', lead.id), result.lead);
      afterItemChange(client, 'leads', lead.id);
      for (const plural of ['contacts', 'companies', 'deals']) void client.invalidateQueries({ queryKey: queryKeys.items(plural) });
    },
    onError: async (error) => {
      // Someone changed the lead meanwhile: read it again and let the user convert the fresh one.
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        await reload();
        setReloadedNote(true);
      }
    },
  });

  const target = (value: Target) => (value.choice === 'existing' ? { id: value.id } : value.choice === 'new' ? { values: {} } : undefined);
  const submit = () => {
    setReloadedNote(false);
    if (contact.choice === 'none' && company.choice === 'none' && !deal) return setMissing(t('convert.nothingChosen'));
    if ((contact.choice === 'existing' && contact.id === null) || (company.choice === 'existing' && company.id === null)) return setMissing(t('convert.pickOne'));
    setMissing(null);
    convert.mutate({ contact: target(contact), company: target(company), deal: deal ? { values: {} } : undefined, version: lead.version });
  };

  const close = () => {
    convert.reset();
    onClose();
  };

  const refused = convert.error && !(convert.error instanceof ApiError && convert.error.code === 'VERSION_CONFLICT') ? errorMessage(convert.error, t) : null;

  return (
    <Modal opened={opened} onClose={close} title={convert.data ? t('convert.doneTitle') : t('convert.title')} size="lg" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {convert.data ? (
        <ConversionResult conversion={convert.data} onClose={close} />
      ) : (
        <form onSubmit={(event) => (event.preventDefault(), submit())} noValidate>
          <Stack gap="md">
            <Text size="sm">{t('convert.intro')}</Text>
            <TargetChoice typeName="contact" label={t('common:types.contact')} pickerLabel={t('convert.existingContact')} value={contact} onChange={setContact} />
            <TargetChoice typeName="company" label={t('common:types.company')} pickerLabel={t('convert.existingCompany')} value={company} onChange={setCompany} />
            <Switch label={t('convert.deal')} checked={deal} onChange={(event) => setDeal(event.currentTarget.checked)} />
            {(missing || refused) && (
              <Alert color="red" role="alert" p="sm">
                {missing ?? refused}
              </Alert>
            )}
            {reloadedNote && (
              <Alert color="orange" role="alert" p="sm" title={t('conflict.title')}>
                {t('convert.reloaded')}
              </Alert>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" loading={convert.isPending}>
                {t('convert.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

interface TargetChoiceProps {
  typeName: 'contact' | 'company';
  label: string;
  pickerLabel: string;
  value: Target;
  onChange: (value: Target) => void;
}

/** Contact or company: none, a new one from the lead, or an existing one found by name. */
function TargetChoice({ typeName, label, pickerLabel, value, onChange }: TargetChoiceProps) {
  const { t } = useTranslation('card');
  return (
    <Stack gap={6}>
      <Input.Label component="div">{label}</Input.Label>
      <SegmentedControl
        aria-label={label}
        value={value.choice}
        onChange={(choice) => onChange({ ...value, choice: choice as Choice })}
        data={[
          { value: 'none', label: t('convert.none') },
          { value: 'new', label: t('convert.new') },
          { value: 'existing', label: t('convert.existing') },
        ]}
        fullWidth
      />
      {value.choice === 'existing' && <ItemPicker typeName={typeName} label={pickerLabel} value={value.id} onChange={(id) => onChange({ ...value, id: typeof id === 'number' ? id : null })} required />}
    </Stack>
  );
}
