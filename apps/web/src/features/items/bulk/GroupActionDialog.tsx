import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { FieldInput } from '../../../components/fields/FieldInput';
import { UserPicker } from '../../../components/fields/UserPicker';
import { fieldErrors } from '../../../lib/errors';
import { JobProgress } from './JobProgress';
import { NothingMatchesError, startBulk, type BulkAction, type BulkTarget } from './jobs';
import { StageSelect } from './StageSelect';

export type ActionKind = 'assign' | 'stage' | 'set' | 'exportInclude' | 'exportExclude' | 'delete';

interface Props {
  type: TypeMeta;
  kind: ActionKind;
  target: BulkTarget;
  /** "3 deals", "all 1,234 deals": what the action is about to touch. */
  subject: string;
  /** The dialog closed; `ran` when a job was started (the list is stale). */
  onClose: (ran: boolean) => void;
}

/** Fields a "set a field" action may write: editable, not set on create only, not the stage (its own action) or the pipeline. */
export function settableFields(type: TypeMeta) {
  const excluded = new Set([type.stages?.field, type.stages?.pipelineField, type.stages?.semanticField, 'id', 'version']);
  return type.fields.filter((field) => !field.readOnly && !field.immutable && !excluded.has(field.name) && field.type !== 'file');
}

/** One group action: its value (a person, a stage, a field and its value), a confirmation, then the job's progress and summary. */
export function GroupActionDialog({ type, kind, target, subject, onClose }: Props) {
  const { t } = useTranslation('items');
  const [assignee, setAssignee] = useState<number | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [fieldName, setFieldName] = useState<string | null>(null);
  const [value, setValue] = useState<unknown>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const start = useMutation({ mutationFn: (action: BulkAction) => startBulk(type.plural, target, action), onSuccess: (answer) => setJobId(answer.jobId) });

  const settable = settableFields(type);
  const field = settable.find((f) => f.name === fieldName);
  const action = buildAction(kind, { assignee, stage, field: field?.name ?? null, value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (action) start.mutate(action);
  };

  const issues = fieldErrors(start.error);
  const valueError = Object.entries(issues).find(([path]) => path.startsWith('action.'))?.[1];
  const stageLabel = type.name === 'lead' ? t('bulk.newStatus') : t('bulk.newStage');
  const titles: Record<ActionKind, string> = {
    assign: t('bulk.assign'),
    stage: type.name === 'lead' ? t('bulk.stageLead') : t('bulk.stage'),
    set: t('bulk.set'),
    exportInclude: t('bulk.exportInclude'),
    exportExclude: t('bulk.exportExclude'),
    delete: t('bulk.delete'),
  };

  return (
    <Modal closeButtonProps={{ 'aria-label': t('common:actions.close') }} opened onClose={() => onClose(jobId !== null)} title={titles[kind]} size="lg" closeOnClickOutside={jobId === null}>
      {jobId !== null ? (
        <JobProgress type={type} jobId={jobId} onClose={() => onClose(true)} />
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Text size="sm">{kind === 'delete' ? t('bulk.deleteQuestion', { subject }) : t('bulk.appliesTo', { subject })}</Text>
            {kind === 'assign' && <UserPicker label={t('bulk.newResponsible')} value={assignee} onChange={(v) => setAssignee(typeof v === 'number' ? v : null)} required error={valueError} autoFocus />}
            {kind === 'stage' && <StageSelect type={type} label={stageLabel} value={stage} onChange={setStage} error={valueError} />}
            {kind === 'stage' && type.stages?.pipelineField && (
              <Text size="xs" c="dimmed">
                {t('bulk.stagePipelineNote')}
              </Text>
            )}
            {kind === 'set' && (
              <>
                <Select
                  label={t('bulk.field')}
                  data={[...settable].sort((a, b) => a.label.localeCompare(b.label)).map((f) => ({ value: f.name, label: f.label }))}
                  value={fieldName}
                  onChange={(name) => {
                    setFieldName(name);
                    setValue(null);
                  }}
                  searchable
                  required
                  comboboxProps={{ withinPortal: true }}
                  data-autofocus
                />
                {field && <FieldInput key={field.name} field={{ ...field, required: false }} value={value} onChange={setValue} error={valueError} />}
                {field && (
                  <Text size="xs" c="dimmed">
                    {t('bulk.emptyClears')}
                  </Text>
                )}
              </>
            )}
            {start.error && !valueError && (start.error instanceof NothingMatchesError ? <Text c="red" size="sm">{t('bulk.nothingMatches')}</Text> : <ErrorNotice error={start.error} />)}
            <Group justify="flex-end" gap="xs" mt="xs">
              <Button variant="default" onClick={() => onClose(false)}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" color={kind === 'delete' ? 'red' : undefined} loading={start.isPending} disabled={!action} data-autofocus={kind === 'delete' || kind.startsWith('export') ? true : undefined}>
                {kind === 'delete' ? t('bulk.deleteConfirm') : t('bulk.apply')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function buildAction(kind: ActionKind, input: { assignee: number | null; stage: string | null; field: string | null; value: unknown }): BulkAction | null {
  switch (kind) {
    case 'assign':
      return input.assignee === null ? null : { kind: 'assign', assignedById: input.assignee };
    case 'stage':
      return input.stage === null ? null : { kind: 'stage', stageId: input.stage };
    case 'set':
      // An empty value empties the field on every item.
      return input.field === null ? null : { kind: 'set', field: input.field, value: input.value === undefined || input.value === '' ? null : input.value };
    case 'exportInclude':
    case 'exportExclude':
      return { kind: 'export', include: kind === 'exportInclude' };
    case 'delete':
      return { kind: 'delete' };
  }
}
