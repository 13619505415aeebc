import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { isApiStatus } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextLink } from '../../components/links';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { ForbiddenPage, NotFoundPage } from '../../components/StatusPage';
import { useMe } from '../auth/session';
import { ContractForm } from './ContractForm';
import { changedFields, contractToValues, createBody, emptyContract } from './contractFormValues';
import { useContract, useSaveContract } from './contracts.api';

export function ContractNewPage({ vendorId }: { vendorId?: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const save = useSaveContract();
  const initial = useMemo(
    () => emptyContract({ vendorId: vendorId ?? '', departmentId: me.role === 'buyer' ? (me.departmentId ?? '') : '' }),
    [vendorId, me.role, me.departmentId],
  );
  return (
    <>
      <PageHeader
        eyebrow={
          <TextLink to="/contracts" size="sm" fw={600}>
            Contracts
          </TextLink>
        }
        title="New contract"
        description="Record a signed AI contract. Fields marked * are required; you can add documents once it is saved."
      />
      <ContractForm
        initialValues={initial}
        submitLabel="Create contract"
        pending={save.isPending}
        error={save.error}
        onCancel={() => navigate({ to: '/contracts' })}
        onSubmit={(values) =>
          save.mutate(createBody(values), {
            onSuccess: (contract) => {
              notifySuccess(`${contract.reference} was created.`, 'Contract created');
              void navigate({ to: '/contracts/$id', params: { id: contract.id } });
            },
          })
        }
      />
    </>
  );
}

export function ContractEditPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const query = useContract(id);
  const save = useSaveContract(id);
  const initial = useMemo(() => (query.data ? contractToValues(query.data) : null), [query.data]);

  if (query.isPending) return <PageLoader label="Loading contract" />;
  if (isApiStatus(query.error, 404)) return <NotFoundPage />;
  if (query.error || !initial) return <ErrorAlert error={query.error} title="Could not load this contract" />;
  const contract = query.data;
  if (!contract.permissions.update) return <ForbiddenPage />;

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <TextLink to="/contracts/$id" params={{ id }} size="sm" fw={600}>
              {contract.reference}
            </TextLink>{' '}
            / Edit
          </>
        }
        title={`Edit ${contract.reference}`}
        description={contract.title}
      />
      <ContractForm
        key={contract.version}
        initialValues={initial}
        contract={contract}
        submitLabel="Save changes"
        pending={save.isPending}
        error={save.error}
        onReload={() => {
          save.reset();
          void query.refetch();
        }}
        onCancel={() => navigate({ to: '/contracts/$id', params: { id } })}
        onSubmit={(values) => {
          const changes = changedFields(initial, values);
          if (Object.keys(changes).length === 0) {
            void navigate({ to: '/contracts/$id', params: { id } });
            return;
          }
          save.mutate(
            { ...changes, version: contract.version },
            {
              onSuccess: () => {
                notifySuccess('Your changes were saved.', 'Contract updated');
                void navigate({ to: '/contracts/$id', params: { id } });
              },
            },
          );
        }}
      />
    </>
  );
}
