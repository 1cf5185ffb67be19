import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/hooks';

/** A currency as the settings edit it: both names and the rate (value of 1 unit in the base currency, exact decimal string). */
export interface CurrencyRecord {
  code: string;
  name: string;
  nameEn: string;
  namePt: string;
  isBase: boolean;
  rate: string;
  sort: number;
}

export interface CurrencyInput {
  nameEn: string;
  namePt: string;
  rate?: string;
}

/**
 * The currencies and their writes. Every screen reads currencies under the same key; boards and lists show totals in
 * the base currency, so a change of base or rate reloads them too.
 */
export function useCurrencyEditing() {
  const queryClient = useQueryClient();
  const currencies = useQuery({ queryKey: queryKeys.currencies, queryFn: async () => (await api.get<{ items: CurrencyRecord[] }>('/currencies')).items });
  const actions = useMemo(() => {
    const reload = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.currencies }), queryClient.invalidateQueries({ queryKey: ['items'] })]);
    return {
      async add(input: CurrencyInput & { code: string; rate: string }) {
        await api.post<CurrencyRecord>('/currencies', input);
        await reload();
      },
      async update(code: string, input: CurrencyInput) {
        await api.patch<CurrencyRecord>(`/currencies/${code}`, input);
        await reload();
      },
      async makeBase(code: string) {
        await api.post(`/currencies/${code}/make-base`);
        await reload();
      },
      async remove(code: string) {
        await api.delete(`/currencies/${code}`);
        await reload();
      },
    };
  }, [queryClient]);
  return { currencies, ...actions };
}
