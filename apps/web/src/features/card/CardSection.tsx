import { Button, Grid, Paper, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { EditableField } from './EditableField';
import { isEditable, isEmptyValue } from './field-values';

interface Props {
  type: TypeMeta;
  title: string;
  fields: FieldMeta[];
  item: Item;
  mayUpdate: boolean;
  /** Keep empty fields behind "Show empty fields" (sections past the first). */
  collapseEmpty: boolean;
}

/** Wide inputs take the whole row: long text, several values, an address, files. */
const wide = (field: FieldMeta) => field.type === 'text' || field.type === 'multifield' || field.type === 'address' || field.type === 'file';

/** One section of the card layout: its fields, each edited in place. */
export function CardSection({ type, title, fields, item, mayUpdate, collapseEmpty }: Props) {
  const { t } = useTranslation('card');
  const [showEmpty, setShowEmpty] = useState(false);
  const empty = fields.filter((field) => isEmptyValue(item[field.name]) && !field.required);
  const shown = collapseEmpty && !showEmpty ? fields.filter((field) => !empty.includes(field)) : fields;
  const headingId = `section-${title.replace(/\W+/g, '-')}`;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h5" mb="xs" id={headingId}>
        {title}
      </Title>
      <Grid rowGap={{ base: 4, lg: 'xs' }} columnGap="md">
        {shown.map((field) => (
          <Grid.Col key={field.name} span={wide(field) ? 12 : { base: 12, lg: 6 }}>
            <EditableField type={type} field={field} item={item} editable={mayUpdate && isEditable(field)} />
          </Grid.Col>
        ))}
      </Grid>
      {collapseEmpty && empty.length > 0 && (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setShowEmpty((value) => !value)} aria-expanded={showEmpty}>
          {showEmpty ? t('field.hideEmpty') : t('field.showEmpty', { count: empty.length })}
        </Button>
      )}
    </Paper>
  );
}
