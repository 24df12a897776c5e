import { Acknowledgement, type AcknowledgementProps, previews } from '../acknowledgement.tsx';

/** Preview of the "tenant-associated" variant, listed apart so designers can pick it. */
const Preview = (props: AcknowledgementProps) => <Acknowledgement {...props} />;

Preview.PreviewProps = previews['tenant-associated'] satisfies AcknowledgementProps;

export default Preview;
