/** Messages of one part of the app, in both languages; pt-BR must have exactly the keys English has (tsc checks it). */
export type Messages = { [key: string]: string | Messages };

/** The same keys as T, every leaf a string. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export interface Bundle<T extends Messages = Messages> {
  en: T;
  'pt-BR': SameKeys<T>;
}

export function defineMessages<T extends Messages>(en: T, ptBR: SameKeys<T>): Bundle<T> {
  return { en, 'pt-BR': ptBR };
}
