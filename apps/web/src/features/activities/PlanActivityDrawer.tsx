import { Drawer, Stack, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useTypes } from '../../api/hooks';
import { ItemSearchPicker } from '../tasks/ItemSearchPicker';
import { ActivityForm } from '../timeline/ActivityForm';
import type { ItemRef } from './api';

/** Plans an activity from "Minhas atividades": first the item it belongs to, then the card's own activity form. */
export function PlanActivityDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('activities');
  const phone = useMediaQuery('(max-width: 36em)');
  const me = useMe().data;
  const types = useTypes().data;
  const [owner, setOwner] = useState<ItemRef | null>(null);
  const type = owner ? types?.find((candidate) => candidate.name === owner.type) : undefined;
  const close = () => {
    setOwner(null);
    onClose();
  };
  return (
    <Drawer opened={opened} onClose={close} position="right" size={phone ? '100%' : 'lg'} title={<Title order={2} size="h4">{t('plan.title')}</Title>} closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      <Stack gap="md">
        <ItemSearchPicker label={t('plan.item')} description={t('plan.itemHint')} value={owner ? [owner] : []} onChange={([item]) => setOwner(item ?? null)} />
        {owner && type && <ActivityForm key={`${owner.type}-${owner.id}`} type={type} item={{ id: owner.id, version: 0 }} meId={me?.id} onDone={close} onCancel={close} />}
      </Stack>
    </Drawer>
  );
}
