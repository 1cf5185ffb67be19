import { Alert, Button, Grid, Group, Paper, Stack, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import type { CardLayout, FieldMeta, Item, Locale, TypeMeta } from '../../api/types';
import { useReferenceValues } from '../../components/fields/lookups';
import { ButtonLink } from '../../components/links';
import { errorMessage } from '../../lib/errors';
import { CardFieldInput } from './CardFieldInput';
import classes from './CreateItemForm.module.css';
import { isValidation, problemsAt, problemsElsewhere } from './field-problems';
import { notifySuccess } from '../../lib/notify';
import { fromDraft, isEmptyValue, isWritable } from './field-values';
import { DuplicateWarning } from '../duplicates/DuplicateWarning';

/** In simple CRM mode an inquiry never stays a lead: POST /leads makes a contact or company and a deal. */
interface SimpleModeAnswer {
  mode: 'simple';
  contact: Item | null;
  company: Item | null;
  deal: Item;
}

const isSimpleMode = (answer: Item | SimpleModeAnswer): answer is SimpleModeAnswer => (answer as SimpleModeAnswer).mode === 'simple';

const wide = (field: FieldMeta) => field.type === 'text' || field.type === 'multifield' || field.type === 'address' || field.type === 'file';

interface Props {
  type: TypeMeta;
  layout: CardLayout;
  initial: Record<string, unknown>;
}

/**
 * The create form of any type, in the sections of its card: an input for every field the user may write, required
 * ones marked, the server's messages at the fields; saving opens the new card.
 */
export function CreateItemForm({ type, layout, initial }: Props) {
  const { t, i18n } = useTranslation('card');
  const locale = i18n.language as Locale;
  const navigate = useNavigate();
  const client = useQueryClient();
  const [values, setValues] = useState(initial);
  const form = useRef<HTMLFormElement>(null);

  const meta = new Map(layout.fields.map((field) => [field.name, field]));
  const hidden = new Set(layout.hidden);
  const sections = layout.sections
    .map((section) => ({ ...section, metas: section.fields.filter((name) => !hidden.has(name)).flatMap((name) => meta.get(name) ?? []).filter(isWritable) }))
    .filter((section) => section.metas.length > 0);
  const writable = sections.flatMap((section) => section.metas);

  // A deal whose pipeline changed starts at that pipeline's first stage until the user picks one.
  const stages = type.stages;
  const stageField = stages ? meta.get(stages.field) : undefined;
  const pipelineId = stages?.pipelineField && typeof values[stages.pipelineField] === 'number' ? (values[stages.pipelineField] as number) : undefined;
  const stageValues = useReferenceValues(stageField ?? { list: null }, pipelineId).values;
  const shown = stages && (values[stages.field] === null || values[stages.field] === undefined) && stageValues.length > 0 ? { ...values, [stages.field]: stageValues[0].code } : values;

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Item | SimpleModeAnswer>(`/${type.plural}`, body),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: queryKeys.items(type.plural) });
      if (isSimpleMode(answer)) {
        void client.invalidateQueries({ queryKey: queryKeys.items('deals') });
        notifySuccess(t('create.simpleMode'));
        void navigate({ to: '/$type/$id', params: { type: 'deals', id: answer.deal.id }, replace: true });
        return;
      }
      client.setQueryData(queryKeys.item(type.plural, answer.id), answer);
      notifySuccess(t(`created.${type.name}`));
      void navigate({ to: '/$type/$id', params: { type: type.plural, id: answer.id }, replace: true });
    },
  });

  useEffect(() => {
    // After a refusal, the first field the server named gets the focus, so its message is read out and in view.
    if (create.error) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [create.error]);

  const change = (field: FieldMeta, value: unknown) =>
    setValues((current) => ({ ...current, [field.name]: value, ...(field.name === stages?.pipelineField ? { [stages.field]: null } : {}) }));

  const bodyOf = () => {
    const body: Record<string, unknown> = {};
    for (const field of writable) {
      const value = fromDraft(field, shown[field.name]);
      if (!isEmptyValue(value)) body[field.name] = value;
    }
    return body;
  };
  const submit = () => create.mutate(bodyOf());

  const elsewhere = create.error ? (isValidation(create.error) ? problemsElsewhere(create.error, writable.map((field) => field.name)) : [errorMessage(create.error, t)]) : [];

  return (
    <form ref={form} onSubmit={(event) => (event.preventDefault(), submit())} noValidate>
      <Stack gap="md">
        <Title order={1} size="h3">
          {t(`newTitle.${type.name}`)}
        </Title>
        {create.error !== null && (
          <Alert color="red" role="alert" title={isValidation(create.error) ? t('create.checkFields') : undefined}>
            {elsewhere.join(' ') || null}
          </Alert>
        )}
        {sections.map((section) => (
          <Paper key={section.id} withBorder radius="md" p="md" component="section" aria-labelledby={`new-section-${section.id}`}>
            <Title order={2} size="h5" mb="sm" id={`new-section-${section.id}`}>
              {section.title[locale] ?? section.title.en}
            </Title>
            <Grid gap="md">
              {section.metas.map((field) => {
                const problems = problemsAt(create.error, field);
                return (
                  <Grid.Col key={field.name} span={wide(field) ? 12 : { base: 12, sm: 6 }}>
                    <CardFieldInput type={type} field={field} value={shown[field.name] ?? null} onChange={(value) => change(field, value)} item={shown} error={problems.error} errors={problems.errors} />
                  </Grid.Col>
                );
              })}
            </Grid>
          </Paper>
        ))}
        <DuplicateWarning type={type} values={bodyOf()} fields={writable} />
        <Group gap="xs" className={classes.actions}>
          <Button type="submit" loading={create.isPending}>
            {t('create.submit')}
          </Button>
          <ButtonLink to="/$type" params={{ type: type.plural }} variant="default">
            {t('common:actions.cancel')}
          </ButtonLink>
        </Group>
      </Stack>
    </form>
  );
}
