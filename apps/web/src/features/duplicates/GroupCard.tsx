import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Item, Multivalue, TypeMeta } from '../../api/types';
import { itemTitle } from '../../api/titles';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AnchorLink } from '../../components/links';
import { formatPhone } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useDismiss, type DuplicateGroup, type DuplicatePlural } from './api';

interface Props {
  type: TypeMeta;
  plural: DuplicatePlural;
  group: DuplicateGroup;
  onMerge: () => void;
}

/** One group of likely duplicates: what they share, each item (a link to its card, its e-mails and phones), merge or dismiss. */
export function GroupCard({ type, plural, group, onMerge }: Props) {
  const { t } = useTranslation('duplicates');
  const dismiss = useDismiss(plural);
  const criterion = t(`criterion.${group.criterion}`);
  const value = group.value === null ? null : group.criterion === 'phone' ? formatPhone(group.value) : group.value;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={t('groupLabel', { criterion, count: group.items.length })} data-testid="duplicate-group">
      <Stack gap="sm">
        <Group gap="xs" wrap="wrap">
          {group.criteria.map((shared) => (
            <Badge key={shared} variant="light">
              {t(`criterion.${shared}`)}
            </Badge>
          ))}
          {value && (
            <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
              {value}
            </Text>
          )}
        </Group>
        <Stack gap={6}>
          {group.items.map((item) => (
            <div key={item.id}>
              <AnchorLink to="/$type/$id" params={{ type: plural, id: item.id }} fw={500}>
                {itemTitle(type, item)}
              </AnchorLink>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {contacts(item).length === 0
                  ? `#${item.id}`
                  : contacts(item).map((text, index) => (
                      <span key={index}>
                        {index > 0 && ' · '}
                        {/* A phone never breaks inside its number. */}
                        <span style={{ whiteSpace: 'nowrap' }}>{text}</span>
                      </span>
                    ))}
              </Text>
            </div>
          ))}
        </Stack>
        {dismiss.error && <ErrorNotice error={dismiss.error} />}
        <Group gap="xs">
          <Button size="xs" leftSection={<IconArrowMerge size={14} aria-hidden />} onClick={onMerge}>
            {t('merge')}
          </Button>
          <Button size="xs" variant="default" loading={dismiss.isPending} onClick={() => dismiss.mutate(group.id, { onSuccess: () => notifySuccess(t('dismissed')) })}>
            {t('dismiss')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const contacts = (item: Item): string[] => [...values(item.emails), ...values(item.phones).map(formatPhone)];
const values = (entries: unknown): string[] => (Array.isArray(entries) ? (entries as Multivalue[]).map((entry) => entry.value) : []);
