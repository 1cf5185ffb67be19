import { Box, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { IconLayoutKanban, IconList, IconPlus } from '@tabler/icons-react';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTypeMeta } from '../../api/hooks';
import { ButtonLink } from '../../components/links';
import { PageLoader } from '../../components/PageLoader';
import { BoardView } from '../kanban/BoardView';
import { ListView } from './ListView';
import { usePresets } from './presets';
import { ItemsToolbar } from './toolbar/ItemsToolbar';
import { useItemsUrl } from './useItemsUrl';

/**
 * One screen for every item type, drawn from its metadata: the toolbar (saved filters, filter bar, quick search),
 * then the list, or the Kanban board for types that have one. The filter, quick search and pipeline live in the URL,
 * so switching views keeps them and links can be shared.
 */
export function ItemsPage() {
  const { t } = useTranslation('items');
  const { type: plural } = useParams({ from: '/app/$type/' });
  const search = useSearch({ from: '/app/$type/' });
  const navigate = useNavigate({ from: '/$type/' });
  const type = useTypeMeta(plural);
  const url = useItemsUrl();
  const ready = useDefaultPreset(plural, url);
  if (!type) return <PageLoader />;

  const view = type.board ? (search.view ?? 'list') : 'list';
  const mayAdd = type.rights.add !== 'none';

  return (
    <Stack gap={0} h="calc(100dvh - 56px)">
      <Group justify="space-between" px="md" py="sm" gap="sm" wrap="wrap">
        <Title order={1} size="h3">
          {t(`common:types.${type.plural}`)}
        </Title>
        <Group gap="sm">
          {type.board && (
            <SegmentedControl
              aria-label={t('views.label')}
              size="xs"
              value={view}
              onChange={(value) => void navigate({ search: (prev) => ({ ...prev, view: value as 'list' | 'kanban' }) })}
              data={[
                { value: 'list', label: <Group gap={4} wrap="nowrap"><IconList size={14} aria-hidden />{t('views.list')}</Group> },
                { value: 'kanban', label: <Group gap={4} wrap="nowrap"><IconLayoutKanban size={14} aria-hidden />{t('views.kanban')}</Group> },
              ]}
            />
          )}
          {mayAdd && (
            <ButtonLink to="/$type/new" params={{ type: type.plural }} search={{ pipeline: view === 'kanban' ? search.pipeline : undefined }} leftSection={<IconPlus size={16} aria-hidden />} size="xs">
              {t('create', { type: type.label })}
            </ButtonLink>
          )}
        </Group>
      </Group>
      <ItemsToolbar type={type} />
      <Box style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        {!ready ? (
          <PageLoader />
        ) : view === 'kanban' ? (
          <BoardView type={type} filter={url.filter} search={url.query} pipelineId={search.pipeline} onPipelineChange={(pipeline) => void navigate({ search: (prev) => ({ ...prev, pipeline }) })} />
        ) : (
          <ListView type={type} filter={url.filter} search={url.query} />
        )}
      </Box>
    </Stack>
  );
}

/**
 * The preset marked as default applies when the screen opens with no filter in the URL (once per type; clearing the
 * filter afterwards keeps it cleared). False while that is still being decided, so the list does not load twice.
 */
function useDefaultPreset(plural: string, url: ReturnType<typeof useItemsUrl>): boolean {
  const presets = usePresets(plural);
  const [decidedFor, setDecidedFor] = useState<string | null>(null);
  const undecided = decidedFor !== plural;
  const preset = undecided && !url.hasFilter ? presets.data?.find((p) => p.isDefault) : undefined;
  if (undecided && (url.hasFilter || presets.isError || (presets.data && !preset))) setDecidedFor(plural);

  const { applyPreset } = url;
  useEffect(() => {
    if (preset) applyPreset(preset, true);
  }, [preset, applyPreset]);
  return !undecided;
}
