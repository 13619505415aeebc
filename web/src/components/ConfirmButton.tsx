import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';

interface ConfirmButtonProps extends Omit<ButtonProps, 'onClick'> {
  /** Button text. */
  children: ReactNode;
  /** Accessible name when the visible text is not enough (e.g. "Revoke token CI"). */
  'aria-label'?: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
}

/** A button that asks before doing something that cannot be undone. */
export function ConfirmButton({ children, title, message, confirmLabel, onConfirm, pending, ...rest }: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button {...rest} onClick={open} loading={pending}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() => {
              onConfirm();
              close();
            }}
            data-autofocus
          >
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
