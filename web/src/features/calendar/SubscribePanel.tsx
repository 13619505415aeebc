import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { Accordion, Anchor, Button, Group, List, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DateText } from '../../components/DateText';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { Section } from '../../components/Section';
import { type FeedCreated, useCreateFeed, useFeedStatus, useRevokeFeed } from './calendar.api';

function NewLinkBox({ feed, onDone }: { feed: FeedCreated; onDone: () => void }) {
  const webcal = feed.url.replace(/^https?:/, 'webcal:');
  return (
    <ShownOnceSecret
      title={feed.rotated ? 'Your new calendar link' : 'Your calendar link'}
      explanation={
        <>
          Copy it now and paste it into your calendar program. <strong>It will not be shown again.</strong> Anyone with this link can see
          your deadlines, so do not share it.
          {feed.rotated ? ' The previous link has stopped working: subscribe again with this one.' : ''}
        </>
      }
      value={feed.url}
      valueLabel="Calendar link"
      copyLabel="Copy link"
      doneLabel="I have added it"
      onDone={onDone}
      extra={
        <Anchor href={webcal} size="sm" fw={600} td="underline">
          Open in my calendar app
        </Anchor>
      }
    />
  );
}

function HowTo() {
  return (
    <Accordion variant="separated" chevronPosition="left">
      <Accordion.Item value="outlook">
        <Accordion.Control>Outlook</Accordion.Control>
        <Accordion.Panel>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>In Outlook on the web or the new Outlook, open Calendar and choose Add calendar.</List.Item>
            <List.Item>Choose Subscribe from web, paste the link and give the calendar a name such as “Steward deadlines”.</List.Item>
            <List.Item>Choose Import. In classic Outlook for Windows: Home, Add Calendar, From Internet, then paste the link.</List.Item>
          </List>
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="google">
        <Accordion.Control>Google Calendar</Accordion.Control>
        <Accordion.Panel>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>On a computer, next to Other calendars choose the plus sign, then From URL.</List.Item>
            <List.Item>Paste the link and choose Add calendar.</List.Item>
            <List.Item>
              Google refreshes subscribed calendars every few hours and cannot be made to refresh sooner. It must be able to reach Steward
              over the internet.
            </List.Item>
          </List>
        </Accordion.Panel>
      </Accordion.Item>
      <Accordion.Item value="apple">
        <Accordion.Control>Apple Calendar</Accordion.Control>
        <Accordion.Panel>
          <List type="ordered" size="sm" spacing={4}>
            <List.Item>
              On a Mac: File, New Calendar Subscription, paste the link, then Subscribe. Set Auto-refresh to every hour.
            </List.Item>
            <List.Item>
              On an iPhone or iPad: Settings, Calendar, Accounts, Add Account, Other, Add Subscribed Calendar, then paste the link.
            </List.Item>
          </List>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

/** Create, replace or turn off the user's private iCalendar link, and how to use it. */
export function SubscribePanel() {
  const status = useFeedStatus();
  const create = useCreateFeed();
  const revoke = useRevokeFeed();
  const [created, setCreated] = useState<FeedCreated | null>(null);

  const make = () =>
    create.mutate(undefined, {
      onSuccess: (feed) => setCreated(feed),
      onError: (e) => notifyError(e, 'Could not create the calendar link'),
    });

  const body = () => {
    if (status.error) return <ErrorAlert error={status.error} title="Could not load your calendar link" onRetry={() => status.refetch()} />;
    if (!status.data) return <Skeleton height={60} />;
    if (created) return <NewLinkBox feed={created} onDone={() => setCreated(null)} />;
    if (!status.data.active)
      return (
        <Group>
          <Button onClick={make} loading={create.isPending}>
            Create my calendar link
          </Button>
        </Group>
      );
    return (
      <Stack gap="sm">
        <Text size="sm">
          Your calendar link was created on <DateText value={status.data.createdAt} />
          {status.data.lastUsedAt ? (
            <>
              {' '}
              and was last read by a calendar program on <DateText value={status.data.lastUsedAt} withTime />.
            </>
          ) : (
            '; no calendar program has read it yet.'
          )}{' '}
          For your safety it is shown only once: if you no longer have it, get a new one.
        </Text>
        <Group gap="sm">
          <ConfirmButton
            variant="default"
            title="Get a new calendar link?"
            message="Your current link will stop working at once. Calendars subscribed to it must be subscribed again with the new link."
            confirmLabel="Get a new link"
            onConfirm={make}
            pending={create.isPending}
          >
            Get a new link
          </ConfirmButton>
          <ConfirmButton
            variant="subtle"
            color="red"
            title="Turn off your calendar link?"
            message="Calendars subscribed to it will stop receiving your deadlines. You can create a new link at any time."
            confirmLabel="Turn off link"
            onConfirm={() =>
              revoke.mutate(undefined, {
                onSuccess: () => notifySuccess('Your calendar link no longer works.', 'Calendar link turned off'),
              })
            }
            pending={revoke.isPending}
          >
            Turn off the link
          </ConfirmButton>
        </Group>
      </Stack>
    );
  };

  return (
    <Section title="Subscribe in your calendar">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          See your deadlines next to your meetings in Outlook, Google Calendar or Apple Calendar. The calendar lists the open deadlines you
          may see in Steward and keeps itself up to date. It is read-only: mark deadlines done here.
        </Text>
        {body()}
        <HowTo />
      </Stack>
    </Section>
  );
}
