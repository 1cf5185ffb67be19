import { ActionIcon, Button, Group, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconClockEdit } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import type { Activity } from './api';
import { addDays } from './dates';

/** The moments offered in one click: in an hour, tomorrow at nine, a week later at the same time. */
export function quickMoments(activity: Pick<Activity, 'deadline'>, now: Date): { inOneHour: Date; tomorrowMorning: Date; nextWeek: Date } {
  const base = activity.deadline ? new Date(activity.deadline) : now;
  const tomorrow = addDays(now, 1);
  const later = addDays(base.getTime() < now.getTime() ? now : base, 7);
  return {
    inOneHour: new Date(Math.ceil((now.getTime() + 3_600_000) / 300_000) * 300_000),
    tomorrowMorning: new Date(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), 9, 0),
    nextWeek: later,
  };
}

/** Moves an activity: a few usual moments in one click, or any date and time. */
export function ReschedulePopover({ activity, onPick, disabled, withLabel = false }: { activity: Activity; onPick: (when: Date) => void; disabled?: boolean; withLabel?: boolean }) {
  const { t, i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const [opened, setOpened] = useState(false);
  const [picked, setPicked] = useState<string | null>(activity.deadline);
  const moments = quickMoments(activity, new Date());
  const choose = (when: Date) => {
    setOpened(false);
    onPick(when);
  };
  const label = t('row.reschedule');
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" width={280} withinPortal trapFocus>
      <Popover.Target>
        {withLabel ? (
          <Button variant="default" leftSection={<IconClockEdit size={16} aria-hidden />} onClick={() => setOpened((o) => !o)} disabled={disabled}>
            {label}
          </Button>
        ) : (
          <Tooltip label={label}>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`${label}: ${activity.subject}`} onClick={() => setOpened((o) => !o)} disabled={disabled}>
              <IconClockEdit size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Popover.Target>
      <Popover.Dropdown aria-label={t('reschedule.title', { subject: activity.subject })} role="dialog">
        <Stack gap="xs">
          <Text size="sm" fw={600} lineClamp={2}>
            {t('reschedule.title', { subject: activity.subject })}
          </Text>
          {(['inOneHour', 'tomorrowMorning', 'nextWeek'] as const).map((key) => (
            <Button key={key} variant="default" size="xs" justify="flex-start" onClick={() => choose(moments[key])}>
              {t(`reschedule.${key}`)}
            </Button>
          ))}
          <DateTimePicker
            label={t('reschedule.pick')}
            value={picked ? new Date(picked) : null}
            onChange={(value) => setPicked(value ? new Date(value.replace(' ', 'T')).toISOString() : null)}
            valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY HH:mm' : 'MM/DD/YYYY hh:mm A'}
            // Inside this popover: a portal would count its clicks as outside and close both.
            popoverProps={{ withinPortal: false }}
            size="xs"
          />
          <Group justify="flex-end">
            <Button size="xs" disabled={!picked} onClick={() => picked && choose(new Date(picked))}>
              {t('reschedule.save')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
