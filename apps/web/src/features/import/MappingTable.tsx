import { Select, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preview, Target } from './imports';
import classes from './Import.module.css';

interface Props {
  preview: Preview;
  mapping: Array<Target | null>;
  /** Refusals of the mapping by the server (`mapping.3`), shown at their column. */
  issues: Record<string, string>;
  onChange: (mapping: Array<Target | null>) => void;
}

/** The option "Não importar" (a target never has this name). */
const skip = '__skip';

/** One line per column of the file: its title, two sample values, and the field it fills ("Não importar" for none). */
export function MappingTable({ preview, mapping, issues, onChange }: Props) {
  const { t } = useTranslation('imports');
  const [moved, setMoved] = useState<string | null>(null);
  const options = useMemo(() => [{ value: skip, label: t('mapping.skip') }, ...preview.targets.map((target) => ({ value: target.target, label: target.label }))], [preview.targets, t]);
  const labelOf = (target: Target) => preview.targets.find((candidate) => candidate.target === target)?.label ?? target;

  // A field fills one column (a phone or e-mail kind may take several): choosing it for one frees the other.
  const choose = (index: number, value: string | null) => {
    const target = value && value !== skip ? value : null;
    const next = mapping.map((current, i) => (i === index ? target : current));
    const other = target && !target.includes(':') ? mapping.findIndex((current, i) => i !== index && current === target) : -1;
    if (other >= 0) next[other] = null;
    setMoved(other >= 0 && target ? t('mapping.taken', { field: labelOf(target), header: preview.header[other] }) : null);
    onChange(next);
  };

  return (
    <Stack gap={0}>
      <div className={`${classes.mappingRow} ${classes.mappingHead}`} aria-hidden>
        <span>{t('mapping.column')}</span>
        <span>{t('mapping.samples')}</span>
        <span>{t('mapping.target')}</span>
      </div>
      {preview.header.map((header, index) => {
        const samples = preview.rows.map((row) => row.cells[index]?.trim() ?? '').filter((cell) => cell !== '').slice(0, 2);
        const headerText = header.trim() || `#${index + 1}`;
        return (
          <div key={index} className={classes.mappingRow} data-testid="mapping-row">
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {headerText}
            </Text>
            <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {samples.length > 0 ? samples.join(' · ') : t('mapping.noSample')}
            </Text>
            <Select
              aria-label={t('mapping.targetOf', { header: headerText })}
              data={options}
              value={mapping[index] ?? skip}
              onChange={(value) => choose(index, value)}
              searchable
              allowDeselect={false}
              maxDropdownHeight={320}
              comboboxProps={{ width: 'target', position: 'bottom-start' }}
              error={issues[`mapping.${index}`]}
              styles={mapping[index] ? undefined : { input: { color: 'var(--mantine-color-dimmed)' } }}
            />
          </div>
        );
      })}
      {moved && (
        <Text size="xs" c="dimmed" mt="xs" aria-live="polite">
          {moved}
        </Text>
      )}
    </Stack>
  );
}
