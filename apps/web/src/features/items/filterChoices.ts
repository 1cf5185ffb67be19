import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { usePipelines } from '../../api/hooks';
import type { TypeMeta } from '../../api/types';
import type { FilterChoices } from '../../components/FilterBar';

/**
 * Names for the values of fields that hold codes or ids with no list of their own: a stage group (P, S, F, as the
 * starter presets use it) and a deal's pipeline.
 */
export function useFilterChoices(type: TypeMeta): FilterChoices {
  const { t } = useTranslation('items');
  const pipelines = usePipelines().data;
  return useMemo(() => {
    const choices: Record<string, Array<{ value: string; label: string }>> = {};
    if (type.stages) {
      const group = type.name === 'lead' ? 'leadGroups' : 'dealGroups';
      choices[type.stages.semanticField] = [
        { value: 'P', label: t(`${group}.P`) },
        { value: 'S', label: t(`${group}.S`) },
        { value: 'F', label: t(`${group}.F`) },
      ];
      if (type.stages.pipelineField && pipelines) choices[type.stages.pipelineField] = pipelines.map((p) => ({ value: String(p.id), label: p.name }));
    }
    return choices;
  }, [type, pipelines, t]);
}
