import { Button, Group, Modal, Radio, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { itemTitle } from '../../api/titles';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { notifySuccess } from '../../lib/notify';
import { CardFieldValue } from '../card/CardFieldValue';
import { isEmptyValue } from '../card/field-values';
import { useGroup, useMerge, type DuplicatePlural } from './api';

interface Props {
  type: TypeMeta;
  plural: DuplicatePlural;
  groupId: number;
  onClose: () => void;
}

/** Fields whose values become the union of all the items' (no choice to make). */
const isUnion = (field: FieldMeta) => field.type === 'multifield' || field.type === 'links' || field.multiple;

/**
 * Merging a group: the items side by side, the one that stays picked with a radio, and for each field whose values
 * differ, whose value it keeps (by default its own, or the first other item's where its own is empty). Phones,
 * e-mails, links and several-value fields are joined. Merging opens the card of the item that stays.
 */
export function MergeDialog({ type, plural, groupId, onClose }: Props) {
  const { t } = useTranslation('duplicates');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const group = useGroup(plural, groupId);
  const items = group.data?.items ?? [];
  return (
    <Modal opened onClose={onClose} size="xl" fullScreen={phone} title={t('dialog.title', { count: items.length || '' })} closeButtonProps={{ 'aria-label': t('common:actions.close') }} scrollAreaComponent={ScrollArea.Autosize}>
      {group.isPending ? <PageLoader /> : group.isError ? <ErrorNotice error={group.error} onRetry={() => void group.refetch()} /> : <MergeForm type={type} plural={plural} items={items} onClose={onClose} />}
    </Modal>
  );
}

function MergeForm({ type, plural, items, onClose }: { type: TypeMeta; plural: DuplicatePlural; items: Item[]; onClose: () => void }) {
  const { t } = useTranslation('duplicates');
  const navigate = useNavigate();
  const merge = useMerge(plural);
  const [survivorId, setSurvivorId] = useState(items[0]?.id ?? 0);
  const [picks, setPicks] = useState<Record<string, number>>({});
  const fields = type.fields.filter((f) => !f.readOnly && !f.immutable && items.some((item) => !isEmptyValue(item[f.name])));
  const differs = (field: FieldMeta) => new Set(items.map((item) => JSON.stringify(item[field.name] ?? null))).size > 1;
  const choices = fields.filter((f) => !isUnion(f) && differs(f));
  const joined = fields.filter((f) => isUnion(f) && differs(f));
  const survivor = items.find((item) => item.id === survivorId) ?? items[0];
  const defaultSource = (field: FieldMeta) => (isEmptyValue(survivor[field.name]) ? (items.find((item) => !isEmptyValue(item[field.name])) ?? survivor) : survivor).id;
  const sourceOf = (field: FieldMeta) => picks[field.name] ?? defaultSource(field);
  const columns = { base: 1, sm: Math.min(items.length, 3) };
  const label = (item: Item) => `${t('dialog.item', { n: items.indexOf(item) + 1 })} · ${itemTitle(type, item)} (#${item.id})`;

  const submit = () => {
    const values = Object.fromEntries(choices.map((field) => [field.name, sourceOf(field)]));
    merge.mutate(
      { ids: items.map((item) => item.id), survivorId: survivor.id, values },
      {
        onSuccess: (answer) => {
          notifySuccess(t('dialog.merged'));
          onClose();
          void navigate({ to: '/$type/$id', params: { type: plural, id: answer.item.id } });
        },
      },
    );
  };

  return (
    <Stack gap="md">
      <Text size="sm">{t('dialog.intro')}</Text>
      <Radio.Group
        label={t('dialog.keep')}
        value={String(survivor.id)}
        onChange={(value) => {
          setSurvivorId(Number(value));
          setPicks({});
        }}
      >
        <SimpleGrid cols={columns} mt="xs" spacing="sm">
          {items.map((item) => (
            <Radio key={item.id} value={String(item.id)} label={label(item)} styles={{ label: { fontWeight: 600 } }} />
          ))}
        </SimpleGrid>
      </Radio.Group>
      {choices.map((field) => (
        <Radio.Group key={field.name} label={field.label} value={String(sourceOf(field))} onChange={(value) => setPicks((current) => ({ ...current, [field.name]: Number(value) }))} data-testid={`merge-field-${field.name}`}>
          <SimpleGrid cols={columns} mt={4} spacing="sm">
            {items.map((item, index) => (
              <Radio
                key={item.id}
                value={String(item.id)}
                aria-label={t('dialog.choose', { field: field.label, n: index + 1 })}
                label={isEmptyValue(item[field.name]) ? <Text span size="sm" c="dimmed">{t('dialog.empty')}</Text> : <CardFieldValue type={type} field={field} value={item[field.name]} item={item} compact />}
                description={t('dialog.item', { n: index + 1 })}
              />
            ))}
          </SimpleGrid>
        </Radio.Group>
      ))}
      {joined.map((field) => (
        <Stack key={field.name} gap={2}>
          <Text size="sm" fw={500}>
            {field.label}
          </Text>
          <Text size="xs" c="dimmed">
            {t('dialog.joined')}
          </Text>
          <SimpleGrid cols={columns} spacing="sm">
            {items.map((item) => (
              <div key={item.id}>{isEmptyValue(item[field.name]) ? <Text size="sm" c="dimmed">{t('dialog.empty')}</Text> : <CardFieldValue type={type} field={field} value={item[field.name]} item={item} />}</div>
            ))}
          </SimpleGrid>
        </Stack>
      ))}
      {merge.error && <ErrorNotice error={merge.error} />}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t('common:actions.cancel')}
        </Button>
        <Button onClick={submit} loading={merge.isPending}>
          {t('dialog.submit')}
        </Button>
      </Group>
    </Stack>
  );
}
