export { FilterBar, type FilterBarProps } from './FilterBar';
export { operatorsFor, type ConditionOperator, type FilterChoice, type FilterChoices } from './operators';
