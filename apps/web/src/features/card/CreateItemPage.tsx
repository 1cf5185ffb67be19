import { Container } from '@mantine/core';
import { useParams, useSearch } from '@tanstack/react-router';
import { useCardLayout, useCurrencies, useMe, usePipelines, useTypeMeta } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { useReferenceValues } from '../../components/fields/lookups';
import { CreateItemForm } from './CreateItemForm';
import { initialValues } from './initial-values';

/**
 * `/deals/new?pipeline=2&stage=C2:NEW`: the create form of any type. The form waits for what its defaults come from
 * (the layout, the pipelines and the stages of the chosen one, the currencies, the lead statuses).
 */
export function CreateItemPage() {
  const { type: plural } = useParams({ from: '/app/$type/new' });
  const search = useSearch({ from: '/app/$type/new' });
  const type = useTypeMeta(plural);
  const layout = useCardLayout(plural);
  const me = useMe().data;
  const pipelines = usePipelines();
  const currencies = useCurrencies();
  const stageField = type?.stages ? layout.data?.fields.find((field) => field.name === type.stages!.field) : undefined;
  const pipelineId = type?.stages?.pipelineField ? (search.pipeline ?? pipelines.data?.find((pipeline) => pipeline.isDefault)?.id ?? pipelines.data?.[0]?.id ?? null) : null;
  const stages = useReferenceValues(stageField ?? { list: null }, pipelineId);

  if (layout.error) return <ErrorNotice error={layout.error} onRetry={() => void layout.refetch()} />;
  const waiting = !type || !layout.data || !me || currencies.isPending || (type.stages?.pipelineField && pipelines.isPending) || (stageField && stages.loading);
  if (waiting) return <PageLoader />;

  const values = initialValues({
    type,
    fields: layout.data.fields,
    me: me.id,
    baseCurrency: currencies.data?.find((currency) => currency.isBase)?.code ?? null,
    pipelineId,
    stages: stages.values,
    stage: search.stage,
  });
  return (
    <Container fluid py="md" px={{ base: 'sm', sm: 'md' }} maw={1100}>
      <CreateItemForm key={`${plural}-${pipelineId ?? ''}-${search.stage ?? ''}`} type={type} layout={layout.data} initial={values} />
    </Container>
  );
}
