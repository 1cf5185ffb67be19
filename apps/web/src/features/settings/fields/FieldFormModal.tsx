import { Alert, Button, Checkbox, Divider, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { FieldInput } from '../../../components/fields/FieldInput';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { EnumValuesEditor, type EnumValuesActions } from './EnumValuesEditor';
import { customFieldsKey, customFieldTypes, fieldPath, linkableTypes, multipleCapable, useFieldsChanged, useFieldUpdated, type CustomField, type CustomFieldType } from './field-api';
import { createBody, emptyForm, formFromField, metaForDefault, takesDefaultValue, updateBody, type DraftOption, type FieldForm } from './field-form';

interface Props {
  plural: string;
  /** The field being edited; none to create one. */
  field?: CustomField;
  opened: boolean;
  onClose: () => void;
}

/** Problems the form shows at its inputs; any other one shows above the buttons. */
const shownAtInputs = ['type', 'labelPt', 'labelEn', 'name', 'multiple', 'settings.itemType', 'settings.maxLength', 'defaultValue', 'options'];

/**
 * Creates or changes a custom field: type (fixed once created), labels in both languages, the options of its type,
 * a default value in the input items use, and an enumeration's values. The API's problems show at their inputs.
 */
export function FieldFormModal({ plural, field, opened, onClose }: Props) {
  const { t } = useTranslation('settingsFields');
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title={field ? t('form.editTitle', { label: field.label }) : t('form.createTitle')} size="lg" fullScreen={phone} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {opened && <FieldFormBody key={field?.name ?? 'new'} plural={plural} field={field} onClose={onClose} />}
    </Modal>
  );
}

let localKeys = 0;

function FieldFormBody({ plural, field, onClose }: { plural: string; field?: CustomField; onClose: () => void }) {
  const { t } = useTranslation('settingsFields');
  const client = useQueryClient();
  const changed = useFieldsChanged(plural);
  const [form, setForm] = useState<FieldForm>(() => (field ? formFromField(field) : emptyForm()));
  const set = <K extends keyof FieldForm>(key: K, value: FieldForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  const save = useMutation({
    mutationFn: () => (field ? api.patch<CustomField>(fieldPath(plural, field.name), updateBody(form)) : api.post<CustomField>(fieldPath(plural), createBody(form))),
    onSuccess: (saved) => {
      client.setQueryData<CustomField[]>(customFieldsKey(plural), (fields) => (fields ? (field ? fields.map((f) => (f.name === saved.name ? saved : f)) : [...fields, saved]) : fields));
      changed();
      notifySuccess(field ? t('form.saved', { label: saved.label }) : t('form.created', { label: saved.label }));
      onClose();
    },
  });
  const [missing, setMissing] = useState<Record<string, string>>({});
  const problems = { ...fieldErrors(save.error), ...missing };
  const optionProblems = Object.fromEntries(Object.entries(problems).flatMap(([path, message]) => (path === 'options' ? [['', message]] : path.startsWith('options.') ? [[path.slice('options.'.length), message]] : [])));
  const otherProblem = save.error && !Object.keys(fieldErrors(save.error)).some((path) => shownAtInputs.some((known) => path === known || path.startsWith(`${known}.`))) ? errorMessage(save.error, t) : null;
  const canBeMultiple = multipleCapable.has(form.type);
  const typeOptions = customFieldTypes.map((type) => ({ value: type, label: t(`types.${type}`) }));

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    // Both names are needed; said here, before the server is asked.
    const empty = Object.fromEntries((['labelPt', 'labelEn'] as const).filter((key) => !form[key].trim()).map((key) => [key, t('form.nameNeeded')]));
    setMissing(empty);
    if (Object.keys(empty).length === 0) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('form.type')}
            data={typeOptions}
            value={form.type}
            onChange={(value) => value && setForm((current) => ({ ...current, type: value as CustomFieldType, defaultValue: null, multiple: multipleCapable.has(value) && current.multiple }))}
            disabled={Boolean(field)}
            description={field ? t('form.typeFixed') : undefined}
            error={problems.type}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          {form.type === 'item' && (
            <Select
              label={t('form.itemType')}
              data={linkableTypes.map((type) => ({ value: type, label: t(`common:types.${type}`) }))}
              value={form.itemType}
              onChange={(value) => setForm((current) => ({ ...current, itemType: value, defaultValue: null }))}
              disabled={Boolean(field)}
              required
              error={problems['settings.itemType']}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {form.type === 'string' && (
            <NumberInput label={t('form.maxLength')} description={t('form.maxLengthHint')} value={form.maxLength ?? ''} onChange={(value) => set('maxLength', value === '' ? null : Number(value))} min={1} max={65535} allowDecimal={false} error={problems['settings.maxLength']} />
          )}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('form.labelPt')} value={form.labelPt} onChange={(event) => set('labelPt', event.currentTarget.value)} required error={problems.labelPt} data-autofocus />
          <TextInput label={t('form.labelEn')} value={form.labelEn} onChange={(event) => set('labelEn', event.currentTarget.value)} required error={problems.labelEn} />
        </SimpleGrid>
        {field ? (
          <Text size="sm" c="dimmed">
            {t('form.codeIs', { name: field.name, apiName: field.apiName })}
          </Text>
        ) : (
          <TextInput label={t('form.name')} description={t('form.nameHint')} placeholder="UF_CRM_…" value={form.name} onChange={(event) => set('name', event.currentTarget.value.toUpperCase())} error={problems.name} />
        )}
        <Divider label={t('form.options')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Checkbox label={t('form.required')} checked={form.required} onChange={(event) => set('required', event.currentTarget.checked)} />
          {canBeMultiple && (
            <Checkbox
              label={t('form.multiple')}
              description={field ? t('form.multipleFixed') : undefined}
              checked={form.multiple}
              disabled={Boolean(field)}
              onChange={(event) => {
                const multiple = event.currentTarget.checked;
                setForm((current) => ({ ...current, multiple, defaultValue: null }));
              }}
              error={problems.multiple}
            />
          )}
          <Checkbox label={t('form.showInList')} checked={form.showInList} onChange={(event) => set('showInList', event.currentTarget.checked)} />
          <Checkbox label={t('form.filterable')} checked={form.filterable} onChange={(event) => set('filterable', event.currentTarget.checked)} />
          <Checkbox
            label={t('form.sortable')}
            description={form.multiple ? t('form.sortableMultiple') : undefined}
            checked={form.sortable && !form.multiple}
            disabled={form.multiple}
            onChange={(event) => set('sortable', event.currentTarget.checked)}
          />
        </SimpleGrid>
        {takesDefaultValue(form.type) && (form.type !== 'item' || form.itemType) && (
          <FieldInput field={metaForDefault(form, t('form.defaultValue'))} value={form.defaultValue} onChange={(value) => set('defaultValue', value)} error={problems.defaultValue} />
        )}
        {form.type === 'enumeration' && (
          <>
            <Divider label={t('values.title')} labelPosition="left" />
            {field ? <SavedValues plural={plural} field={field} /> : <DraftValues values={form.options} multiple={form.multiple} onChange={(options) => set('options', options)} errors={optionProblems} />}
          </>
        )}
        {otherProblem && (
          <Alert color="red" role="alert">
            {otherProblem}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {field ? t('common:actions.save') : t('form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The values of a field being created: kept here, sent with the field. */
function DraftValues({ values, multiple, onChange, errors }: { values: DraftOption[]; multiple: boolean; onChange: (values: DraftOption[]) => void; errors: Record<string, string> }) {
  const actions: EnumValuesActions = {
    add: (value) => onChange([...values, { key: `new-${++localKeys}`, value, isDefault: false }]),
    rename: (key, value) => onChange(values.map((option) => (option.key === key ? { ...option, value } : option))),
    move: (key, offset) => onChange(moveBy(values, key, offset)),
    setDefault: (key, isDefault) => onChange(values.map((option) => (option.key === key ? { ...option, isDefault } : isDefault && !multiple ? { ...option, isDefault: false } : option))),
    remove: (key) => onChange(values.filter((option) => option.key !== key)),
  };
  return <EnumValuesEditor values={values} actions={actions} errors={errors} />;
}

/** The values of an existing field: each change goes to the API at once. */
function SavedValues({ plural, field: initial }: { plural: string; field: CustomField }) {
  const updated = useFieldUpdated(plural);
  const [field, setField] = useState(initial);
  const base = `${fieldPath(plural, field.name)}/options`;
  const keep = (next: CustomField, options?: { items?: boolean }) => {
    setField(next);
    updated(next, options);
  };
  const options = [...(field.options ?? [])].sort((a, b) => a.sort - b.sort || a.id - b.id);
  const values: DraftOption[] = options.map((option) => ({ key: String(option.id), value: option.value, isDefault: option.isDefault }));

  const actions: EnumValuesActions = {
    add: async (value) => keep(await api.post<CustomField>(base, { value })),
    rename: async (key, value) => keep(await api.patch<CustomField>(`${base}/${key}`, { value })),
    move: async (key, offset) => {
      // Every value gets its place anew (10, 20, …): values created with equal sorts still move one step.
      const order = moveBy(values, key, offset);
      let next = field;
      for (const [index, option] of order.entries()) {
        const sort = (index + 1) * 10;
        if (options.find((o) => String(o.id) === option.key)?.sort !== sort) next = await api.patch<CustomField>(`${base}/${option.key}`, { sort });
      }
      keep(next);
    },
    setDefault: async (key, isDefault) => {
      // A single-value field has one default: the previous one stops being it.
      if (isDefault && !field.multiple) for (const other of options.filter((o) => o.isDefault && String(o.id) !== key)) keep(await api.patch<CustomField>(`${base}/${other.id}`, { isDefault: false }));
      keep(await api.patch<CustomField>(`${base}/${key}`, { isDefault }));
    },
    remove: async (key, replaceWith) => keep(await api.delete<CustomField>(`${base}/${key}`, { replaceWith }), { items: replaceWith !== undefined }),
  };
  return <EnumValuesEditor values={values} actions={actions} />;
}

/** `values` with the one keyed `key` moved `offset` places. */
export function moveBy<T extends { key: string }>(values: T[], key: string, offset: -1 | 1): T[] {
  const from = values.findIndex((value) => value.key === key);
  const to = from + offset;
  if (from < 0 || to < 0 || to >= values.length) return values;
  const next = [...values];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}
