import { Activation, type ActivationProps, previews } from '../activation.tsx';

/** Preview of the "trial-customer" variant, listed apart so designers can pick it. */
const Preview = (props: ActivationProps) => <Activation {...props} />;

Preview.PreviewProps = previews['trial-customer'] satisfies ActivationProps;

export default Preview;
