import { ActionIcon, Alert, Badge, Button, Group, Loader, Menu, Stack, Text, Title } from '@mantine/core';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/hooks';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { ConfirmActionModal } from '../../../components/ConfirmActionModal';
import { CurrencyFormModal, currencyRefusal } from './CurrencyDialogs';
import { formatDecimalText } from './decimalText';
import { useCurrencyEditing, type CurrencyRecord } from './useCurrencyEditing';

type Dialog = { kind: 'add' } | { kind: 'edit' | 'makeBase' | 'delete'; currency: CurrencyRecord };

/** /settings/currencies: the currencies with their rates against the base; add, edit, make base, delete. */
export function CurrenciesPage() {
  const { t } = useTranslation('settingsGeneral');
  const locale = useMe().data?.locale ?? 'pt-BR';
  const editing = useCurrencyEditing();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const currencies = editing.currencies.data ?? [];
  const base = currencies.find((currency) => currency.isBase);
  const name = (currency: CurrencyRecord) => (locale === 'pt-BR' ? currency.namePt : currency.nameEn);

  return (
    <Stack gap="md" maw={760}>
      <Title order={2} size="h3">
        {t('settings:sections.currencies')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('currencies.baseHint')}
      </Text>
      {editing.currencies.isPending && <Loader size="sm" />}
      {editing.currencies.isError && <Alert color="red">{errorMessage(editing.currencies.error, t)}</Alert>}
      {currencies.length > 0 && (
        <Stack gap={0} role="list" aria-label={t('currencies.table')}>
          {currencies.map((currency) => (
            <Group key={currency.code} role="listitem" gap="sm" wrap="nowrap" py="xs" px={4} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
              <Text fw={700} w={44} style={{ flex: 'none' }}>
                {currency.code}
              </Text>
              <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                <Group gap="xs">
                  <Text size="sm">{name(currency)}</Text>
                  {currency.isBase && (
                    <Badge variant="outline" color="teal.9">
                      {t('currencies.base')}
                    </Badge>
                  )}
                </Group>
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {t('currencies.rateOf', { code: currency.code, rate: formatDecimalText(currency.rate, locale), base: base?.code ?? '' })}
                </Text>
              </Stack>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('currencies.actions', { code: currency.code })}>
                    <IconDots size={16} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setDialog({ kind: 'edit', currency })}>{t('currencies.edit', { code: currency.code })}</Menu.Item>
                  <Menu.Item disabled={currency.isBase} onClick={() => setDialog({ kind: 'makeBase', currency })}>
                    {t('currencies.makeBase', { code: currency.code })}
                  </Menu.Item>
                  <Menu.Item color="red" disabled={currency.isBase} onClick={() => setDialog({ kind: 'delete', currency })}>
                    {t('currencies.delete', { code: currency.code })}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          ))}
        </Stack>
      )}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'add' })} disabled={!base}>
          {t('currencies.add')}
        </Button>
      </Group>

      {dialog?.kind === 'add' && base && (
        <CurrencyFormModal
          baseCode={base.code}
          locale={locale}
          onSubmit={async (input) => {
            await editing.add({ ...input, rate: input.rate ?? '' });
            notifySuccess(t('currencies.added', { code: input.code }));
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'edit' && base && (
        <CurrencyFormModal
          currency={dialog.currency}
          baseCode={base.code}
          locale={locale}
          onSubmit={async ({ code, ...input }) => {
            await editing.update(code, input);
            notifySuccess(t('currencies.saved', { code }));
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'makeBase' && (
        <ConfirmActionModal
          title={t('currencies.makeBaseTitle')}
          message={t('currencies.makeBaseConfirm', { name: name(dialog.currency), code: dialog.currency.code })}
          confirmLabel={t('currencies.makeBaseButton')}
          onConfirm={async () => {
            await editing.makeBase(dialog.currency.code);
            notifySuccess(t('currencies.baseChanged', { code: dialog.currency.code }));
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmActionModal
          title={t('currencies.deleteTitle')}
          message={t('currencies.deleteConfirm', { name: name(dialog.currency), code: dialog.currency.code })}
          confirmLabel={t('valueEditing:deleteButton')}
          danger
          explain={(error) => currencyRefusal(error, dialog.currency.code, t)}
          onConfirm={async () => {
            await editing.remove(dialog.currency.code);
            notifySuccess(t('currencies.deleted', { code: dialog.currency.code }));
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
