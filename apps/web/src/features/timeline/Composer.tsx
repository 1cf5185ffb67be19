import { Paper, Tabs } from '@mantine/core';
import { IconCalendarPlus, IconMessage } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item, TypeMeta } from '../../api/types';
import { ActivityForm } from './ActivityForm';
import { CommentComposer } from './CommentComposer';

interface Props {
  type: TypeMeta;
  item: Item;
  meId: number | undefined;
  /** Planning needs the right to change the item; commenting only to read it. */
  mayPlan: boolean;
}

/** The top of the timeline: plan an activity (open by default, the usual next step) or write a comment. */
export function Composer({ type, item, meId, mayPlan }: Props) {
  const { t } = useTranslation('card');
  const [tab, setTab] = useState<string | null>(mayPlan ? 'activity' : 'comment');
  return (
    <Paper withBorder radius="md" p={0}>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List aria-label={t('timeline.composer.label')} px="xs">
          {mayPlan && (
            <Tabs.Tab value="activity" leftSection={<IconCalendarPlus size={16} aria-hidden />}>
              {t('timeline.composer.activity')}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="comment" leftSection={<IconMessage size={16} aria-hidden />}>
            {t('timeline.composer.comment')}
          </Tabs.Tab>
        </Tabs.List>
        {mayPlan && (
          <Tabs.Panel value="activity" p="md">
            <ActivityForm type={type} item={item} meId={meId} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="comment" p="md">
          <CommentComposer type={type} itemId={item.id} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
