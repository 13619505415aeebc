import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { useRouter } from '@tanstack/react-router';
import { ApiError } from '../../api/client';
import { Logo } from '../../components/AppLayout';
import { safeRedirect } from '../../lib/search';
import { useLogin } from './session';

function loginMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return error.message || 'E-mail or password is not correct.';
    if (error.status === 429) return error.message || 'Too many attempts. Please wait a few minutes and try again.';
    return error.message;
  }
  return 'Could not sign in. Please try again.';
}

export function LoginPage({ redirect }: { redirect?: string }) {
  useDocumentTitle('Sign in · Steward');
  const router = useRouter();
  const login = useLogin();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your e-mail address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit((values) => login.mutate(values, { onSuccess: () => router.history.push(safeRedirect(redirect)) }));

  return (
    <Box mih="100vh" style={{ background: 'linear-gradient(160deg, #e6f4f5 0%, #f5f7f8 55%)' }}>
      <Center mih="100vh" p="md" component="main">
        <Stack w="100%" maw={420} gap="lg">
          <Center>
            <Logo />
          </Center>
          <Paper p="xl" shadow="sm">
            <form onSubmit={submit} noValidate>
              <Stack gap="md">
                <div>
                  <Title order={1} fz={24}>
                    Sign in
                  </Title>
                  <Text size="sm" c="dimmed" mt={4}>
                    Contract management for AI in the public sector.
                  </Text>
                </div>
                {login.isError && (
                  <Alert color="red" role="alert" title="Could not sign in">
                    {loginMessage(login.error)}
                  </Alert>
                )}
                <TextInput label="E-mail" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
                <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
                <Button type="submit" loading={login.isPending} fullWidth mt="xs">
                  Sign in
                </Button>
              </Stack>
            </form>
          </Paper>
          <Text size="xs" c="dimmed" ta="center">
            Steward is open-source software. Access is limited to authorised staff and vendor users.
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
