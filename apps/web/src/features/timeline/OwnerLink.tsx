import { useTypes } from '../../api/hooks';
import { AnchorLink } from '../../components/links';
import type { ItemRef } from './types';

/** A link to an item an activity or task concerns, by the title the API gave with it. */
export function OwnerLink({ owner }: { owner: ItemRef }) {
  const type = useTypes().data?.find((candidate) => candidate.name === owner.type);
  if (!type) return <>{owner.title}</>;
  return (
    <AnchorLink to="/$type/$id" params={{ type: type.plural, id: owner.id }} size="sm">
      {owner.title || `#${owner.id}`}
    </AnchorLink>
  );
}
