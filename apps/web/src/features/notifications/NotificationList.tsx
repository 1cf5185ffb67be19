import { Button, Group, ScrollArea, SegmentedControl, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconAlarm, IconAt, IconBell, IconCalendarPlus, IconPlugConnectedX, IconSubtask, IconUserPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { formatRelative } from '../../lib/format';
import { useMarkRead, useNotifications, useUnreadCount, type AppNotification } from './api';
import { notificationWording } from './wording';
import classes from './Notifications.module.css';

const icons: Record<string, { icon: typeof IconBell; color: string }> = {
  mention: { icon: IconAt, color: 'blue' },
  activityAssigned: { icon: IconCalendarPlus, color: 'teal' },
  activityDue: { icon: IconAlarm, color: 'orange' },
  itemAssigned: { icon: IconUserPlus, color: 'violet' },
  taskAssigned: { icon: IconSubtask, color: 'grape' },
  webhookPaused: { icon: IconPlugConnectedX, color: 'red' },
};

/** The notifications, newest first: each opens what it is about and is marked read; all can be marked read at once. */
export function NotificationList({ onNavigate, maxHeight }: { onNavigate: () => void; maxHeight: number | string }) {
  const { t, i18n } = useTranslation('notifications');
  const locale = i18n.language as Locale;
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly, true);
  const unread = useUnreadCount().data ?? list.data?.pages[0]?.unread ?? 0;
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const all = list.data?.pages.flatMap((page) => page.items) ?? [];

  const open = (notification: AppNotification) => {
    if (notification.readAt === null) markRead.mutate({ ids: [notification.id] });
    const { target } = notificationWording(notification, t);
    if (target) {
      onNavigate();
      void navigate(target);
    }
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <SegmentedControl
          size="xs"
          aria-label={t('show.label')}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(value) => setUnreadOnly(value === 'unread')}
          data={[
            { value: 'all', label: t('show.all') },
            { value: 'unread', label: t('show.unread') },
          ]}
        />
        <Button size="xs" variant="subtle" disabled={unread === 0} onClick={() => markRead.mutate({ all: true })}>
          {t('markAll')}
        </Button>
      </Group>
      <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars>
        {list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        ) : all.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="lg" px="sm">
            {unreadOnly ? t('emptyUnread') : t('empty')}
          </Text>
        ) : (
          <ul className={classes.list} aria-label={t('title')}>
            {all.map((notification) => {
              const wording = notificationWording(notification, t);
              const look = icons[notification.kind] ?? { icon: IconBell, color: 'gray' };
              const Icon = look.icon;
              const isUnread = notification.readAt === null;
              return (
                <li key={notification.id}>
                  <UnstyledButton className={classes.entry} data-unread={isUnread || undefined} onClick={() => open(notification)} data-testid="notification">
                    <ThemeIcon variant="light" color={look.color} radius="xl" size={32} aria-hidden>
                      <Icon size={18} />
                    </ThemeIcon>
                    <div className={classes.body}>
                      <Text size="sm" fw={isUnread ? 700 : 400} className={classes.text}>
                        {wording.text}
                      </Text>
                      {wording.detail && (
                        <Text size="xs" c="dimmed" lineClamp={2} className={classes.text}>
                          {wording.detail}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {formatRelative(notification.createdAt, locale)}
                        {isUnread && <span className={classes.hidden}> · {t('unreadMark')}</span>}
                      </Text>
                    </div>
                    {isUnread && <span className={classes.dot} aria-hidden />}
                  </UnstyledButton>
                </li>
              );
            })}
          </ul>
        )}
        {list.hasNextPage && (
          <Group justify="center" py="xs">
            <Button size="xs" variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('more')}
            </Button>
          </Group>
        )}
      </ScrollArea.Autosize>
    </Stack>
  );
}
