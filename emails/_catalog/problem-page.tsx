import { Body, Head, Html, Text } from 'react-email';

/**
 * What the workbench (`npm run email:dev`) shows in place of a preview that cannot be trusted:
 * preview data the schema refuses, or a file that does not compile. It imports nothing of the
 * templates, so it renders even while one of them is broken.
 */
export interface ProblemPageProps {
  title: string;
  where: string;
  problems: string[];
}

export function ProblemPage({ title, where, problems }: ProblemPageProps) {
  return (
    <Html lang="en">
      <Head>
        <title>{title}</title>
      </Head>
      <Body style={{ backgroundColor: '#fff1f0', fontFamily: 'monospace', padding: '24px' }}>
        <Text style={{ color: '#a40e26', fontSize: '20px', fontWeight: 700 }}>{title}</Text>
        <Text style={{ color: '#1f2328' }}>{where}</Text>
        {problems.map((p) => (
          <Text key={p} style={{ color: '#1f2328', whiteSpace: 'pre-wrap' }}>
            {p}
          </Text>
        ))}
      </Body>
    </Html>
  );
}
