import { Activation, type ActivationProps, previews } from '../activation.tsx';

/** Preview of the reminder: the activation email sent again while no option is chosen. */
const Preview = (props: ActivationProps) => <Activation {...props} />;

Preview.PreviewProps = previews.reminder satisfies ActivationProps;

export default Preview;
