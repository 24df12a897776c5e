import { Activation, type ActivationProps, previews } from '../activation.tsx';

/** Preview of the "reminder" variant (`reminder: true`), listed apart so designers can pick it. */
const Preview = (props: ActivationProps) => <Activation {...props} />;

Preview.PreviewProps = previews.reminder satisfies ActivationProps;

export default Preview;
