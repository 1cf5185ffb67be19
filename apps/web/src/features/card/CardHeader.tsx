import { Badge, Button, Group, Stack } from '@mantine/core';
import { IconArrowLeft, IconTransform } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { itemTitle } from '../../api/titles';
import { AnchorLink } from '../../components/links';
import { DeleteItemButton } from './DeleteItemButton';
import { EditableTitle } from './EditableTitle';
import { isEditable } from './field-values';
import { KeyInfo } from './KeyInfo';

interface Props {
  type: TypeMeta;
  item: Item;
  fields: FieldMeta[];
  /** A lead still open may be converted. */
  onConvert?: () => void;
  converted: boolean;
}

/** The top of the card: back to the list, the type, the title edited in place, key facts and the item's actions. */
export function CardHeader({ type, item, fields, onConvert, converted }: Props) {
  const { t } = useTranslation('card');
  const mayUpdate = type.rights.update !== 'none';
  const titleFields = mayUpdate ? type.titleFields.flatMap((name) => fields.find((field) => field.name === name) ?? []).filter(isEditable) : [];
  const listName = t(`common:types.${type.plural}`);
  return (
    <Stack gap={6}>
      <AnchorLink to="/$type" params={{ type: type.plural }} size="sm" c="dimmed" style={{ alignSelf: 'flex-start' }}>
        <Group gap={4} wrap="nowrap" component="span">
          <IconArrowLeft size={14} aria-hidden />
          {t('backToList', { list: listName })}
        </Group>
      </AnchorLink>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap={6}>
            <Badge variant="light" radius="sm" style={{ textTransform: 'none' }}>
              {type.label}
            </Badge>
            {converted && (
              <Badge variant="light" color="green.9" radius="sm" style={{ textTransform: 'none' }}>
                {t('convert.converted')}
              </Badge>
            )}
          </Group>
          <EditableTitle type={type} item={item} fields={titleFields} />
        </Stack>
        <Group gap="xs">
          {onConvert && (
            <Button size="xs" leftSection={<IconTransform size={14} aria-hidden />} onClick={onConvert}>
              {t('convert.button')}
            </Button>
          )}
          {type.rights.delete !== 'none' && <DeleteItemButton type={type} item={item} title={itemTitle(type, item)} />}
        </Group>
      </Group>
      <KeyInfo type={type} item={item} fields={fields} />
    </Stack>
  );
}
