import { Badge, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTypes } from '../../api/hooks';
import type { Dependency, TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AnchorLink } from '../../components/links';
import { PageLoader } from '../../components/PageLoader';
import { useItemDependencies } from './card-api';

/** Items come by relation, in order: consecutive ones of one relation form a group. */
function groupByRelation(items: Dependency[]): Array<{ relation: string; items: Dependency[] }> {
  const groups: Array<{ relation: string; items: Dependency[] }> = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.relation === item.relation) last.items.push(item);
    else groups.push({ relation: item.relation, items: [item] });
  }
  return groups;
}

/** The Dependencies tab: every live item linked to this one either way, grouped by the link, each a link to its card. */
export function DependenciesTab({ type, id }: { type: TypeMeta; id: number }) {
  const { t } = useTranslation('card');
  const types = useTypes().data ?? [];
  const dependencies = useItemDependencies(type.plural, id);
  if (dependencies.isPending) return <PageLoader />;
  if (dependencies.isError) return <ErrorNotice error={dependencies.error} onRetry={() => void dependencies.refetch()} />;

  const groups = groupByRelation(dependencies.data.pages.flatMap((page) => page.items));
  if (groups.length === 0) {
    return (
      <Center p="xl">
        <Text c="dimmed">{t('dependencies.empty')}</Text>
      </Center>
    );
  }

  /** `companyId`: a field of this item; `deal.companyId`: a field of the other items that points here. */
  const heading = (relation: string, sample: Dependency) => {
    const other = types.find((candidate) => candidate.name === sample.type);
    const [owner, fieldName] = relation.includes('.') ? [types.find((candidate) => candidate.name === relation.split('.')[0]), relation.split('.')[1]] : [type, relation];
    const label = owner?.fields.find((field) => field.name === fieldName)?.label ?? fieldName;
    if (owner === type) return label;
    return t('dependencies.viaField', { type: other ? t(`common:types.${other.plural}`) : sample.type, field: label });
  };

  return (
    <Stack gap="md">
      {groups.map((group, index) => {
        const target = types.find((candidate) => candidate.name === group.items[0].type);
        return (
          <Paper key={`${group.relation}-${index}`} withBorder radius="md" p="md" component="section" aria-label={heading(group.relation, group.items[0])}>
            <Group gap="xs" mb="xs">
              <Title order={2} size="h5">
                {heading(group.relation, group.items[0])}
              </Title>
              <Badge variant="light" color="gray" radius="sm">
                {group.items.length}
              </Badge>
            </Group>
            <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {group.items.map((item) => (
                <li key={`${item.type}-${item.id}`}>
                  {target ? (
                    <AnchorLink to="/$type/$id" params={{ type: target.plural, id: item.id }} size="sm">
                      {item.title}
                    </AnchorLink>
                  ) : (
                    <Text size="sm">{item.title}</Text>
                  )}
                </li>
              ))}
            </Stack>
          </Paper>
        );
      })}
      {dependencies.hasNextPage && (
        <Button variant="default" onClick={() => void dependencies.fetchNextPage()} loading={dependencies.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common:actions.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
