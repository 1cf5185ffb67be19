import { Alert, Box, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client';
import { queryKeys, useCardLayout, useTypeMeta } from '../../../api/hooks';
import type { CardLayout, TypeMeta } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { PageLoader } from '../../../components/PageLoader';
import { errorMessage, fieldErrors } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { addSection, draftOf, placeProblems, sameDraft, type LayoutDraft, type LayoutProblems } from './layout-draft';
import { LayoutEditor } from './LayoutEditor';
import { LayoutPreview } from './LayoutPreview';

/** /settings/fields/{type}/layout: the card layout of a type, arranged beside a preview of the card, saved at once. */
export function CardLayoutPage() {
  const { type: plural } = useParams({ from: '/app/settings/fields/$type/layout' });
  const layout = useCardLayout(plural);
  const type = useTypeMeta(plural);
  if (layout.error) return <ErrorNotice error={layout.error} onRetry={() => void layout.refetch()} />;
  if (!layout.data || !type) return <PageLoader />;
  return <CardLayoutForm key={plural} plural={plural} layout={layout.data} type={type} />;
}

const noProblems: LayoutProblems = { fields: {}, sections: {}, general: [] };

export function CardLayoutForm({ plural, layout, type }: { plural: string; layout: CardLayout; type: TypeMeta }) {
  const { t } = useTranslation('settingsFields');
  const client = useQueryClient();
  const [draft, setDraft] = useState<LayoutDraft>(() => draftOf(layout));
  const [problems, setProblems] = useState<LayoutProblems>(noProblems);
  const [renaming, setRenaming] = useState<string | null>(null);
  const dirty = !sameDraft(draft, draftOf(layout));

  const save = useMutation({
    mutationFn: (sent: LayoutDraft) => api.put<CardLayout>(`/card-layouts/${plural}`, sent),
    onSuccess: (saved) => {
      client.setQueryData(queryKeys.layout(plural), saved);
      setDraft(draftOf(saved));
      setProblems(noProblems);
      notifySuccess(t('layout.saved'));
    },
    onError: (error, sent) => {
      const placed = placeProblems(sent, fieldErrors(error));
      const isValidation = error instanceof ApiError && error.code === 'VALIDATION_FAILED' && error.fieldIssues.length > 0;
      setProblems(isValidation ? placed : { ...noProblems, general: [errorMessage(error, t)] });
    },
  });
  const problemCount = Object.keys(problems.fields).length + Object.keys(problems.sections).length + (problems.hidden ? 1 : 0) + problems.general.length;

  const add = () => {
    const next = addSection(draft, { 'pt-BR': t('layout.newSection', { lng: 'pt-BR', n: draft.sections.length + 1 }), en: t('layout.newSection', { lng: 'en', n: draft.sections.length + 1 }) });
    setDraft(next.draft);
    setRenaming(next.id);
  };

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('layout.intro')}
      </Text>
      <Group gap="xs" justify="space-between">
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={add}>
          {t('layout.addSection')}
        </Button>
        <Group gap="xs">
          <Button
            variant="default"
            disabled={!dirty || save.isPending}
            onClick={() => {
              setDraft(draftOf(layout));
              setProblems(noProblems);
            }}
          >
            {t('layout.discard')}
          </Button>
          <Button onClick={() => save.mutate(draft)} loading={save.isPending} disabled={!dirty}>
            {t('layout.save')}
          </Button>
        </Group>
      </Group>
      {problemCount > 0 && (
        <Alert color="red" role="alert" title={t('layout.notSaved')}>
          {problems.general.length > 0 ? problems.general.join(' ') : t('layout.problemsAtPlace', { count: problemCount })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <LayoutEditor draft={draft} onChange={setDraft} fields={layout.fields} problems={problems} renaming={renaming} onRenaming={setRenaming} />
        <Box component="section" aria-labelledby="card-preview-title">
          <Title order={3} size="h5" mb="xs" id="card-preview-title">
            {t('layout.preview')}
          </Title>
          <LayoutPreview type={type} layout={layout} draft={draft} />
        </Box>
      </SimpleGrid>
    </Stack>
  );
}
