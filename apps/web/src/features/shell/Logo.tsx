import { Group, Text } from '@mantine/core';

/** The Vínculo mark: two linked rings, and the name. */
export function Logo({ size = 28, withName = true }: { size?: number; withName?: boolean }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-brand-7)" />
        <circle cx="12.5" cy="16" r="6" fill="none" stroke="#fff" strokeWidth="2.6" />
        <circle cx="19.5" cy="16" r="6" fill="none" stroke="#9fd0ff" strokeWidth="2.6" />
      </svg>
      {withName && (
        <Text fw={700} size="lg" c="var(--mantine-color-text)">
          Vínculo
        </Text>
      )}
    </Group>
  );
}
