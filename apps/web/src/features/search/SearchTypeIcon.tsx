import { IconBriefcase, IconBuilding, IconFilter, IconUser } from '@tabler/icons-react';
import { ThemeIcon } from '@mantine/core';
import type { SearchTypeName } from './search-options';

const icons = { lead: IconFilter, deal: IconBriefcase, contact: IconUser, company: IconBuilding } as const;
const colors = { lead: 'orange', deal: 'brand', contact: 'teal', company: 'grape' } as const;

/** The type's icon beside a hit, as the navigation shows it; decorative (the group names the type). */
export function SearchTypeIcon({ type }: { type: SearchTypeName }) {
  const Icon = icons[type];
  return (
    <ThemeIcon variant="light" color={colors[type]} size="md" radius="xl" aria-hidden>
      <Icon size={16} />
    </ThemeIcon>
  );
}
