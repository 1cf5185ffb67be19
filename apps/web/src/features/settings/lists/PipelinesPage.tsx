import { ActionIcon, Alert, Badge, Button, Group, Loader, Menu, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../../../api/hooks';
import type { Pipeline } from '../../../api/types';
import { AnchorLink } from '../../../components/links';
import { errorMessage } from '../../../lib/errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { PipelineDeleteModal, PipelineNameModal } from './PipelineDialogs';
import { SortableRows } from './SortableRows';
import { usePipelineEditing } from './usePipelineEditing';
import { ValueListEditor } from './ValueListEditor';

type Dialog = { kind: 'create' } | { kind: 'rename'; pipeline: Pipeline } | { kind: 'delete'; pipeline: Pipeline };

/** /settings/pipelines: the deal pipelines (create, rename, reorder, make default, delete) and the stages of the chosen one. */
export function PipelinesPage() {
  const { t } = useTranslation('settingsLists');
  const navigate = useNavigate();
  const search = useSearch({ from: '/app/settings/pipelines' });
  const editing = usePipelineEditing();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const pipelines = editing.pipelines.data ?? [];
  const current = pipelines.find((p) => p.id === search.pipeline) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0];
  const choose = (id: number) => void navigate({ to: '/settings/pipelines', search: { pipeline: id } });

  const makeDefault = (pipeline: Pipeline) =>
    void editing
      .makeDefault(pipeline.id)
      .then(() => notifySuccess(t('pipelines.defaultChanged', { name: pipeline.name })))
      .catch((error: unknown) => notifyError(t('reorderFailed'), errorMessage(error, t)));

  return (
    <Stack gap="md" maw={760}>
      <Title order={2} size="h3">
        {t('settings:sections.pipelines')}
      </Title>
      <Group justify="space-between" align="flex-end">
        <Stack gap={0}>
          <Title order={3} size="h4">
            {t('pipelines.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('pipelines.defaultHint')}
          </Text>
        </Stack>
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
          {t('pipelines.add')}
        </Button>
      </Group>
      {editing.pipelines.isPending && <Loader size="sm" />}
      {editing.pipelines.isError && <Alert color="red">{errorMessage(editing.pipelines.error, t)}</Alert>}
      {pipelines.length > 0 && (
        <SortableRows
          rows={pipelines}
          idOf={(p) => String(p.id)}
          nameOf={(p) => p.name}
          label={t('pipelines.title')}
          onReorder={(ids) => void editing.reorder(pipelines, ids.map(Number)).catch((error: unknown) => notifyError(t('reorderFailed'), errorMessage(error, t)))}
        >
          {(pipeline) => (
            <>
              <UnstyledButton
                onClick={() => choose(pipeline.id)}
                aria-current={pipeline.id === current?.id ? 'true' : undefined}
                style={{ flex: 1, minWidth: 0 }}
                aria-label={t('pipelines.stagesOf', { name: pipeline.name })}
              >
                <Text size="sm" fw={pipeline.id === current?.id ? 700 : 400} c={pipeline.id === current?.id ? 'brand.8' : undefined} style={{ overflowWrap: 'anywhere' }}>
                  {pipeline.name}
                </Text>
              </UnstyledButton>
              {pipeline.isDefault && (
                <Badge variant="outline" color="teal.9" style={{ flex: 'none' }}>
                  {t('pipelines.isDefault')}
                </Badge>
              )}
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('pipelines.actions', { name: pipeline.name })}>
                    <IconDots size={16} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => setDialog({ kind: 'rename', pipeline })}>{t('pipelines.rename', { name: pipeline.name })}</Menu.Item>
                  <Menu.Item disabled={pipeline.isDefault} onClick={() => makeDefault(pipeline)}>
                    {t('pipelines.makeDefaultOf', { name: pipeline.name })}
                  </Menu.Item>
                  <Menu.Item color="red" disabled={pipeline.isDefault || pipelines.length === 1} onClick={() => setDialog({ kind: 'delete', pipeline })}>
                    {t('pipelines.delete', { name: pipeline.name })}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </>
          )}
        </SortableRows>
      )}

      {current && (
        <Stack gap="xs" mt="md">
          <Group justify="space-between" align="flex-end">
            <Title order={3} size="h4">
              {t('pipelines.stagesOf', { name: current.name })}
            </Title>
            <AnchorLink to="/$type" params={{ type: 'deals' }} search={{ view: 'kanban', pipeline: current.id }} size="sm">
              {t('pipelines.openBoard')}
            </AnchorLink>
          </Group>
          <ValueListEditor
            key={current.id}
            path={`/pipelines/${current.id}/stages`}
            queryKey={queryKeys.stages(current.id)}
            listName={current.name}
            hasSemantic
            addLabel={t('pipelines.addStage')}
            addTitle={t('pipelines.addStageTitle', { name: current.name })}
            deleteTitle={t('pipelines.deleteStage')}
            describeUse={(name, count) => t('pipelines.stageInUse', { name, count })}
          />
        </Stack>
      )}

      {dialog?.kind === 'create' && (
        <PipelineNameModal
          title={t('pipelines.addTitle')}
          initial=""
          onSubmit={async (name) => {
            const created = await editing.create(name);
            notifySuccess(t('pipelines.created', { name: created.name }));
            choose(created.id);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'rename' && (
        <PipelineNameModal
          title={t('pipelines.renameTitle', { name: dialog.pipeline.name })}
          initial={dialog.pipeline.name}
          onSubmit={(name) => editing.rename(dialog.pipeline.id, name)}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <PipelineDeleteModal
          pipeline={dialog.pipeline}
          onDelete={async () => {
            await editing.remove(dialog.pipeline.id);
            notifySuccess(t('pipelines.deleted', { name: dialog.pipeline.name }));
            if (current?.id === dialog.pipeline.id) void navigate({ to: '/settings/pipelines', search: {} });
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Stack>
  );
}
