import { Container, Grid, Stack, Tabs } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCardLayout, useItem, useTypeMeta } from '../../api/hooks';
import type { CardLayout, Item, TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NotFoundPage } from '../../components/NotFoundPage';
import { PageLoader } from '../../components/PageLoader';
import { CardHeader } from './CardHeader';
import { CardSections } from './CardSections';
import { ConvertLeadDialog } from './ConvertLeadDialog';
import { DependenciesTab } from './DependenciesTab';
import { isEditable } from './field-values';
import { HistoryTab } from './HistoryTab';
import { SideInfo } from './SideInfo';
import { StageBar } from './StageBar';
import { Timeline } from '../timeline/Timeline';

/** The record card of any item type (`/deals/12`), drawn from the type's metadata and card layout. */
export function ItemCardPage() {
  const { type: plural, id } = useParams({ from: '/app/$type/$id' });
  const type = useTypeMeta(plural);
  const layout = useCardLayout(plural);
  const item = useItem(plural, id);

  if (item.error instanceof ApiError && item.error.status === 404) return <NotFoundPage />;
  const error = item.error ?? layout.error;
  // The item of another card may still be on screen while this one loads: wait for this one.
  if (error && item.data?.id !== id) return <ErrorNotice error={error} onRetry={() => void (item.error ? item.refetch() : layout.refetch())} />;
  if (!type || !layout.data || !item.data || item.data.id !== id) return <PageLoader />;
  return <Card key={`${plural}-${id}`} type={type} layout={layout.data} item={item.data} />;
}

function Card({ type, layout, item }: { type: TypeMeta; layout: CardLayout; item: Item }) {
  const { t } = useTranslation('card');
  const { tab = 'fields' } = useSearch({ from: '/app/$type/$id' });
  const navigate = useNavigate({ from: '/$type/$id' });
  const [converting, setConverting] = useState(false);
  const fields = layout.fields;
  const stageField = type.stages ? fields.find((field) => field.name === type.stages!.field) : undefined;
  const semantic = type.stages ? item[type.stages.semanticField] : null;
  const isLead = type.name === 'lead';
  const mayUpdate = type.rights.update !== 'none';
  const leadOpen = isLead && semantic !== 'S' && semantic !== 'F';

  return (
    <Container fluid py="md" px={{ base: 'sm', sm: 'md' }} maw={1600}>
      <Stack gap="md">
        <CardHeader type={type} item={item} fields={fields} converted={isLead && semantic === 'S'} onConvert={leadOpen && mayUpdate ? () => setConverting(true) : undefined} />
        {stageField && <StageBar type={type} item={item} field={stageField} editable={mayUpdate && isEditable(stageField)} onConvert={() => setConverting(true)} />}
        <Tabs value={tab} onChange={(value) => void navigate({ search: (prev) => ({ ...prev, tab: value === 'fields' ? undefined : (value as 'history' | 'dependencies') }), replace: true })} keepMounted={false}>
          <Tabs.List aria-label={t('tabs.label')}>
            <Tabs.Tab value="fields">{t('tabs.fields')}</Tabs.Tab>
            <Tabs.Tab value="history">{t('tabs.history')}</Tabs.Tab>
            <Tabs.Tab value="dependencies">{t('tabs.dependencies')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="fields" pt="md">
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 5, xl: 4 }}>
                <Stack gap="md">
                  <CardSections type={type} layout={layout} item={item} />
                  <SideInfo type={type} item={item} fields={fields} />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7, xl: 8 }}>
                <Timeline type={type} item={item} fields={fields} />
              </Grid.Col>
            </Grid>
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <HistoryTab type={type} item={item} fields={fields} />
          </Tabs.Panel>
          <Tabs.Panel value="dependencies" pt="md">
            <DependenciesTab type={type} id={item.id} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
      {isLead && converting && <ConvertLeadDialog lead={item} opened={converting} onClose={() => setConverting(false)} />}
    </Container>
  );
}
