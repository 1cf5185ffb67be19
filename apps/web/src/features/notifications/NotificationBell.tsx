import { ActionIcon, Drawer, Indicator, Popover, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notificationKeys, useUnreadCount } from './api';
import { NotificationList } from './NotificationList';

/**
 * The bell in the header: the unread count (polled every 30 s) on it; a click opens the notifications, in a popover
 * on a desktop and a drawer on a phone.
 */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const [opened, setOpened] = useState(false);
  const unread = useUnreadCount().data ?? 0;
  const client = useQueryClient();
  const described = useId();
  const panel = useId();

  // A new notification arrived since the list was read: the list is fetched afresh when next shown.
  const previous = useRef(unread);
  useEffect(() => {
    if (unread > previous.current) void client.invalidateQueries({ queryKey: [...notificationKeys.all, 'list'] });
    previous.current = unread;
  }, [unread, client]);

  const refreshCount = () => void client.invalidateQueries({ queryKey: notificationKeys.unread });
  const close = () => setOpened(false);

  // The popover is controlled: its target does not toggle it by itself.
  const button = (
    <Indicator label={unread > 99 ? '99+' : unread} disabled={unread === 0} color="red.9" size={16} offset={4} inline data-testid="notification-count">
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={t('bell')}
        aria-describedby={described}
        aria-expanded={opened}
        aria-haspopup="dialog"
        aria-controls={opened && !phone ? panel : undefined}
        onClick={() => {
          if (!opened) refreshCount();
          setOpened((o) => !o);
        }}
      >
        <IconBell size={20} aria-hidden />
      </ActionIcon>
    </Indicator>
  );
  const status = (
    <VisuallyHidden id={described} aria-live="polite">
      {unread > 0 ? t('unread', { count: unread }) : t('noneUnread')}
    </VisuallyHidden>
  );
  const heading = (
    <Title order={2} size="h5">
      {t('title')}
    </Title>
  );

  if (phone) {
    return (
      <>
        {button}
        {status}
        <Drawer opened={opened} onClose={close} position="right" size="100%" title={heading} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
          <NotificationList onNavigate={close} maxHeight="calc(100dvh - 140px)" />
        </Drawer>
      </>
    );
  }
  return (
    <>
      <Popover opened={opened} onChange={setOpened} withRoles={false} position="bottom-end" width={400} shadow="md" withArrow trapFocus returnFocus>
        <Popover.Target>{button}</Popover.Target>
        <Popover.Dropdown role="dialog" id={panel} aria-label={t('title')} p="sm">
          <Text component="div" mb="xs">
            {heading}
          </Text>
          {opened && <NotificationList onNavigate={close} maxHeight={460} />}
        </Popover.Dropdown>
      </Popover>
      {status}
    </>
  );
}
