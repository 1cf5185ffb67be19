import { Button, Collapse, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item, Locale, TypeMeta } from '../../api/types';
import { UserPicker } from '../../components/fields/UserPicker';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCreateActivity, useUpdateActivity } from './api';
import { quickDeadline, quickDeadlines, type QuickDeadline } from './due';
import { formatWhen } from './format';
import classes from './Timeline.module.css';
import type { Activity, ActivityDirection, ActivityInput, ActivityKind, ActivityPriority } from './types';

const kinds: ActivityKind[] = ['call', 'meeting', 'email', 'todo'];
const priorities: ActivityPriority[] = ['low', 'normal', 'high'];
const minute = 60_000;
const reminders = { none: null, atTime: 0, m15: 15, h1: 60, d1: 1440 } as const;
type Reminder = keyof typeof reminders | 'custom';

interface Props {
  type: TypeMeta;
  item: Item;
  /** The signed-in user: the responsible unless someone else is picked. */
  meId: number | undefined;
  /** Editing this activity; planning a new one when absent. */
  activity?: Activity;
  onDone?: () => void;
  onCancel?: () => void;
}

/** The date and time pickers answer `YYYY-MM-DD HH:mm:ss` in local time. */
const fromPicker = (value: string | null) => (value ? new Date(value.replace(' ', 'T')) : null);

function reminderOf(activity: Activity | undefined): Reminder {
  if (!activity) return 'm15';
  if (!activity.remindAt) return 'none';
  if (!activity.deadline) return 'custom';
  const before = Math.round((new Date(activity.deadline).getTime() - new Date(activity.remindAt).getTime()) / minute);
  const match = (Object.keys(reminders) as Array<keyof typeof reminders>).find((key) => reminders[key] === before);
  return match ?? 'custom';
}

/**
 * Plans an activity on the card's item (or edits one): its kind, a subject already written for the usual case
 * ("Ligar para o cliente"), a deadline in one click ("Amanhã 10h") or picked, the responsible (you unless changed),
 * and behind "Mais opções" the description, priority, reminder, a call's direction and a meeting's place.
 */
export function ActivityForm({ type, item, meId, activity, onDone, onCancel }: Props) {
  const { t, i18n } = useTranslation('card');
  const locale = i18n.language as Locale;
  const editing = activity !== undefined;
  const [kind, setKind] = useState<ActivityKind>(activity?.kind ?? 'call');
  const [subject, setSubject] = useState(activity?.subject ?? t('timeline.defaultSubject.call'));
  const [subjectTouched, setSubjectTouched] = useState(editing);
  const [deadline, setDeadline] = useState<Date | null>(activity?.startAt ? new Date(activity.startAt) : activity?.deadline ? new Date(activity.deadline) : null);
  const [quick, setQuick] = useState<QuickDeadline | null>(null);
  const [endAt, setEndAt] = useState<Date | null>(activity?.endAt ? new Date(activity.endAt) : null);
  const [responsibleId, setResponsibleId] = useState<number | null>(activity?.responsibleId ?? meId ?? null);
  const [description, setDescription] = useState(activity?.description ?? '');
  const [priority, setPriority] = useState<ActivityPriority>(activity?.priority ?? 'normal');
  const [reminder, setReminder] = useState<Reminder>(reminderOf(activity));
  const [direction, setDirection] = useState<ActivityDirection>(activity?.direction ?? 'outgoing');
  const [place, setPlace] = useState(activity?.place ?? '');
  const [more, setMore] = useState(editing);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const create = useCreateActivity(type.plural, item.id);
  const update = useUpdateActivity(type.plural, item.id);
  const saving = create.isPending || update.isPending;
  const now = new Date();
  const ids = useId();

  const chooseKind = (next: ActivityKind) => {
    setKind(next);
    if (!subjectTouched) setSubject(t(`timeline.defaultSubject.${next}`));
  };
  const chooseDeadline = (value: Date | null, choice: QuickDeadline | null = null) => {
    // A meeting keeps its length when its start moves; an hour when it had none.
    if (kind === 'meeting' && value) {
      const length = deadline && endAt ? endAt.getTime() - deadline.getTime() : 60 * minute;
      setEndAt(new Date(value.getTime() + Math.max(length, 15 * minute)));
    }
    setDeadline(value);
    setQuick(choice);
  };

  const values = (): ActivityInput => {
    const offset = reminder === 'custom' ? undefined : reminders[reminder];
    const remindAt =
      reminder === 'custom' ? (activity?.remindAt ?? null) : deadline && offset !== null && offset !== undefined ? new Date(deadline.getTime() - offset * minute).toISOString() : null;
    const meeting = kind === 'meeting';
    return {
      subject: subject.trim(),
      deadline: deadline ? deadline.toISOString() : null,
      startAt: meeting && deadline ? deadline.toISOString() : null,
      endAt: meeting && deadline && endAt ? endAt.toISOString() : null,
      responsibleId: responsibleId ?? meId,
      description: description.trim() || null,
      priority,
      remindAt,
      direction: kind === 'call' || kind === 'email' ? direction : null,
      place: meeting ? place.trim() || null : null,
    };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!subject.trim()) found.subject = t('timeline.form.subjectRequired');
    if (kind === 'meeting' && deadline && endAt && endAt.getTime() <= deadline.getTime()) found.endAt = t('timeline.form.endBeforeStart');
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    const failed = (error: unknown) => {
      setProblems(fieldErrors(error));
      notifyError(t('timeline.form.failed'), errorMessage(error, t));
    };
    if (editing) {
      update.mutate(
        { activityId: activity.id, values: { ...values(), version: activity.version } },
        {
          onSuccess: () => {
            notifySuccess(t('timeline.form.saved'));
            onDone?.();
          },
          onError: failed,
        },
      );
      return;
    }
    create.mutate(
      { kind, owner: { type: type.name, id: item.id }, ...values() },
      {
        onSuccess: () => {
          notifySuccess(t('timeline.form.planned'));
          setSubject(t(`timeline.defaultSubject.${kind}`));
          setSubjectTouched(false);
          setDeadline(null);
          setEndAt(null);
          setQuick(null);
          setDescription('');
          setPlace('');
          setPriority('normal');
          onDone?.();
        },
        onError: failed,
      },
    );
  };

  const pickerFormat = locale === 'pt-BR' ? 'DD/MM/YYYY HH:mm' : 'MM/DD/YYYY hh:mm A';
  const meeting = kind === 'meeting';
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {!editing && (
          <SegmentedControl
            aria-label={t('timeline.kind.label')}
            data={kinds.map((value) => ({ value, label: t(`timeline.kind.${value}`) }))}
            value={kind}
            onChange={(value) => chooseKind(value as ActivityKind)}
            fullWidth
            size="sm"
            classNames={{ label: classes.kindLabel }}
          />
        )}
        <TextInput
          label={t('timeline.form.subject')}
          value={subject}
          onChange={(event) => {
            setSubject(event.currentTarget.value);
            setSubjectTouched(true);
          }}
          maxLength={255}
          required
          error={problems.subject}
        />
        <div>
          <Text size="sm" fw={500} id={`${ids}-quick`} mb={4}>
            {t('timeline.form.quick')}
          </Text>
          <Group gap={6} role="group" aria-labelledby={`${ids}-quick`}>
            {quickDeadlines(now).map((choice) => (
              <Button
                key={choice}
                size="compact-sm"
                variant={quick === choice ? 'filled' : 'default'}
                aria-pressed={quick === choice}
                onClick={() => chooseDeadline(quickDeadline(choice, new Date()), choice)}
                title={formatWhen(quickDeadline(choice, now), locale, t, now)}
              >
                {t(`timeline.quick.${choice}`)}
              </Button>
            ))}
          </Group>
        </div>
        <SimpleGrid cols={meeting ? { base: 1, xs: 2 } : { base: 1, xs: 2, lg: 3 }} spacing="sm">
          <DateTimePicker
            label={meeting ? t('timeline.form.start') : t('timeline.form.deadline')}
            value={deadline}
            onChange={(value) => chooseDeadline(fromPicker(value))}
            valueFormat={pickerFormat}
            clearable
            clearButtonProps={{ 'aria-label': t('common:actions.clear') }}
            popoverProps={{ withinPortal: true }}
            error={problems.deadline}
          />
          {meeting && (
            <DateTimePicker
              label={t('timeline.form.end')}
              value={endAt}
              onChange={(value) => setEndAt(fromPicker(value))}
              valueFormat={pickerFormat}
              clearable
              clearButtonProps={{ 'aria-label': t('common:actions.clear') }}
              popoverProps={{ withinPortal: true }}
              disabled={!deadline}
              error={problems.endAt}
            />
          )}
          <UserPicker label={t('timeline.form.responsible')} value={responsibleId} onChange={(value) => setResponsibleId(typeof value === 'number' ? value : null)} required error={problems.responsibleId} />
          <Select
            label={t('timeline.form.reminder')}
            data={[
              ...(Object.keys(reminders) as Array<keyof typeof reminders>).map((value) => ({ value, label: t(`timeline.reminder.${value}`) })),
              ...(reminder === 'custom' && activity?.remindAt ? [{ value: 'custom', label: formatWhen(activity.remindAt, locale, t, now) }] : []),
            ]}
            value={deadline ? reminder : 'none'}
            onChange={(value) => setReminder((value as Reminder | null) ?? 'none')}
            disabled={!deadline}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Collapse expanded={more}>
          <Stack gap="sm">
            <Textarea label={t('timeline.form.description')} value={description} onChange={(event) => setDescription(event.currentTarget.value)} autosize minRows={2} maxRows={8} error={problems.description} />
            <Group gap="md" align="flex-end" wrap="wrap">
              <div>
                <Text size="sm" fw={500} mb={4} id={`${ids}-priority`}>
                  {t('timeline.form.priority')}
                </Text>
                <SegmentedControl aria-labelledby={`${ids}-priority`} data={priorities.map((value) => ({ value, label: t(`timeline.priority.${value}`) }))} value={priority} onChange={(value) => setPriority(value as ActivityPriority)} size="xs" />
              </div>
              {(kind === 'call' || kind === 'email') && (
                <div>
                  <Text size="sm" fw={500} mb={4} id={`${ids}-direction`}>
                    {t('timeline.form.direction')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby={`${ids}-direction`}
                    data={(['outgoing', 'incoming'] as const).map((value) => ({ value, label: t(`timeline.direction.${value}`) }))}
                    value={direction}
                    onChange={(value) => setDirection(value as ActivityDirection)}
                    size="xs"
                  />
                </div>
              )}
            </Group>
            {meeting && <TextInput label={t('timeline.form.place')} value={place} onChange={(event) => setPlace(event.currentTarget.value)} maxLength={255} error={problems.place} />}
          </Stack>
        </Collapse>
        <Group justify="space-between" gap="xs">
          <Button variant="subtle" size="compact-sm" onClick={() => setMore((value) => !value)} aria-expanded={more} rightSection={more ? <IconChevronUp size={14} aria-hidden /> : <IconChevronDown size={14} aria-hidden />}>
            {more ? t('timeline.form.less') : t('timeline.form.more')}
          </Button>
          <Group gap="xs">
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t('common:actions.cancel')}
              </Button>
            )}
            <Button type="submit" loading={saving}>
              {editing ? t('timeline.form.save') : t('timeline.form.plan')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
