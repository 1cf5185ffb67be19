import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import type { Locale } from '../../../api/types';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { formatDecimalText, parseDecimalText } from './decimalText';
import type { CurrencyInput, CurrencyRecord } from './useCurrencyEditing';

export interface CurrencyFormModalProps {
  /** The currency edited; none for a new one. */
  currency?: CurrencyRecord;
  baseCode: string;
  locale: Locale;
  onSubmit: (input: CurrencyInput & { code: string }) => Promise<void>;
  onClose: () => void;
}

/** A currency's code, names and rate. The rate is typed and sent as text (an exact decimal), never as a number. */
export function CurrencyFormModal({ currency, baseCode, locale, onSubmit, onClose }: CurrencyFormModalProps) {
  const { t } = useTranslation('settingsGeneral');
  const [code, setCode] = useState(currency?.code ?? '');
  const [namePt, setNamePt] = useState(currency?.namePt ?? '');
  const [nameEn, setNameEn] = useState(currency?.nameEn ?? '');
  const [rate, setRate] = useState(currency ? formatDecimalText(currency.rate, locale) : '');
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const issues = fieldErrors(error);
  const isBase = currency?.isBase ?? false;
  const general = error !== null && Object.keys(issues).length === 0 ? errorMessage(error, t) : null;
  const fieldError = (field: string) => (missing.includes(field) ? t('currencies.required') : issues[field]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = Object.entries({ code, namePt, nameEn, ...(isBase ? {} : { rate }) })
      .filter(([, value]) => value.trim() === '')
      .map(([field]) => field);
    setMissing(empty);
    if (empty.length > 0) return;
    setSaving(true);
    setError(null);
    try {
      await onSubmit({ code: code.trim().toUpperCase(), namePt: namePt.trim(), nameEn: nameEn.trim(), ...(isBase ? {} : { rate: parseDecimalText(rate, locale) }) });
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={currency ? t('currencies.editTitle', { code: currency.code }) : t('currencies.addTitle')} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('currencies.code')}
            description={currency ? undefined : t('currencies.codeHint')}
            required
            disabled={currency !== undefined}
            data-autofocus={currency ? undefined : true}
            maxLength={3}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value.toUpperCase())}
            error={fieldError('code')}
          />
          <TextInput label={t('currencies.namePt')} required maxLength={100} value={namePt} onChange={(event) => setNamePt(event.currentTarget.value)} error={fieldError('namePt')} data-autofocus={currency ? true : undefined} />
          <TextInput label={t('currencies.nameEn')} required maxLength={100} value={nameEn} onChange={(event) => setNameEn(event.currentTarget.value)} error={fieldError('nameEn')} />
          <TextInput
            label={t('currencies.rateLabel', { base: baseCode })}
            description={isBase ? t('currencies.baseRate') : t('currencies.rateHint')}
            required={!isBase}
            disabled={isBase}
            inputMode="decimal"
            maxLength={40}
            value={rate}
            onChange={(event) => setRate(event.currentTarget.value)}
            error={fieldError('rate')}
          />
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
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Why the server kept a currency: the items that use it (with their number), or that it is the base. */
export function currencyRefusal(error: unknown, code: string, t: TFunction): string | null {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return null;
  if (error.reason === 'inUse') return t('currencies.inUse', { code, count: Number((error.details as { count?: number }).count ?? 0) });
  if (error.reason === 'baseCurrency') return t('currencies.baseRefused');
  return null;
}
