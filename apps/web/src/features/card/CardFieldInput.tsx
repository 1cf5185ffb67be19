import type { FieldMeta, TypeMeta } from '../../api/types';
import { FieldInput, type FieldInputProps } from '../../components/fields/FieldInput';
import { PipelineSelect } from './PipelineField';

/** FieldInput, with a deal's pipeline picked by name. */
export function CardFieldInput({ type, ...props }: FieldInputProps & { type: TypeMeta; field: FieldMeta }) {
  if (props.field.name === type.stages?.pipelineField) {
    return (
      <PipelineSelect
        label={props.hideLabel ? undefined : props.field.label}
        aria-label={props.hideLabel ? props.field.label : undefined}
        value={typeof props.value === 'number' ? props.value : null}
        onChange={props.onChange}
        error={props.error}
        required={props.field.required}
        autoFocus={props.autoFocus}
      />
    );
  }
  return <FieldInput {...props} />;
}
