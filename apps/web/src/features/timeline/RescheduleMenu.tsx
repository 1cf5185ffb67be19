import { Button, Group, Menu, Modal, Stack } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconCalendar, IconChevronDown, IconClockPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { rescheduled, type Reschedule } from './due';
import { formatWhen } from './format';
import type { Activity } from './types';

interface Props {
  activity: Activity;
  onPick: (when: Date) => void;
  disabled?: boolean;
}

const choices: Reschedule[] = ['plusHour', 'tomorrow', 'nextWeek'];

/** "Adiar": an hour later, tomorrow or next week at the same time in one click, or any date and time. */
export function RescheduleMenu({ activity, onPick, disabled }: Props) {
  const { t, i18n } = useTranslation('card');
  const locale = i18n.language as Locale;
  const [picking, setPicking] = useState(false);
  const [picked, setPicked] = useState<Date | null>(null);
  const now = new Date();

  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            size="compact-sm"
            leftSection={<IconClockPlay size={14} aria-hidden />}
            rightSection={<IconChevronDown size={14} aria-hidden />}
            aria-label={t('timeline.planned.rescheduleLabel', { subject: activity.subject })}
            disabled={disabled}
          >
            {t('timeline.planned.reschedule')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {choices.map((choice) => {
            const when = rescheduled(choice, activity.deadline, now);
            return (
              <Menu.Item key={choice} onClick={() => onPick(rescheduled(choice, activity.deadline, new Date()))} rightSection={<span style={{ color: 'var(--mantine-color-gray-7)', fontSize: 12 }}>{formatWhen(when, locale, t, now)}</span>}>
                {t(`timeline.planned.${choice}`)}
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconCalendar size={14} aria-hidden />}
            onClick={() => {
              setPicked(activity.deadline ? new Date(activity.deadline) : null);
              setPicking(true);
            }}
          >
            {t('timeline.planned.pickDate')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={picking} onClose={() => setPicking(false)} title={t('timeline.planned.pickTitle', { subject: activity.subject })} closeButtonProps={{ 'aria-label': t('common:actions.close') }} size="sm">
        <Stack gap="md">
          <DateTimePicker
            label={t('timeline.form.deadline')}
            value={picked}
            onChange={(value) => setPicked(value ? new Date(value.replace(' ', 'T')) : null)}
            valueFormat={locale === 'pt-BR' ? 'DD/MM/YYYY HH:mm' : 'MM/DD/YYYY hh:mm A'}
            popoverProps={{ withinPortal: true }}
            data-autofocus
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setPicking(false)}>
              {t('common:actions.cancel')}
            </Button>
            <Button
              disabled={!picked}
              onClick={() => {
                if (!picked) return;
                setPicking(false);
                onPick(picked);
              }}
            >
              {t('common:actions.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
