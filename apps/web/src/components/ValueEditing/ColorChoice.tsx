import { ColorInput, ColorSwatch, Group, Stack, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { readableTextColor } from '../Board/colors';

/** Bitrix24's stage colours, offered as named swatches. */
export const palette = [
  ['#39A8EF', 'blue'],
  ['#2FC6F6', 'lightBlue'],
  ['#55D0E0', 'turquoise'],
  ['#47E4C2', 'aquamarine'],
  ['#7BD500', 'green'],
  ['#FFA900', 'orange'],
  ['#FF8F74', 'salmon'],
  ['#FF5752', 'red'],
  ['#E97090', 'pink'],
  ['#A861AB', 'purple'],
  ['#8A93A6', 'grey'],
  ['#ACB2BC', 'lightGrey'],
] as const;

export interface ColorChoiceProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** A value's colour (a stage, a status, a source): one of the usual ones at a click (each named for screen readers), or any as #RRGGBB. */
export function ColorChoice({ value, onChange, error }: ColorChoiceProps) {
  const { t } = useTranslation('valueEditing');
  const labelId = useId();
  return (
    <Stack gap={6}>
      <Text id={labelId} size="sm" fw={500}>
        {t('color')}
      </Text>
      <Group gap={6} role="group" aria-labelledby={labelId}>
        {palette.map(([hex, name]) => {
          const chosen = value.toUpperCase() === hex;
          return (
            <ColorSwatch
              key={hex}
              component="button"
              type="button"
              color={hex}
              size={26}
              aria-label={t(`colors.${name}`)}
              aria-pressed={chosen}
              onClick={() => onChange(hex)}
              style={{ cursor: 'pointer', color: readableTextColor(hex) }}
            >
              {chosen && <IconCheck size={14} aria-hidden />}
            </ColorSwatch>
          );
        })}
      </Group>
      <ColorInput aria-label={t('customColor')} format="hex" withPicker={false} withEyeDropper={false} value={value} onChange={onChange} error={error} placeholder="#RRGGBB" />
    </Stack>
  );
}
