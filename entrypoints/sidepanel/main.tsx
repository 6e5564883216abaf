import { render } from 'preact';
import { QueryClient, QueryClientProvider } from '@tanstack/preact-query';
import '../../components/shared/theme.css';
import { App } from './App.tsx';

const client = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });
const param = new URLSearchParams(location.search).get('tab');
const boundTab = param !== null && /^\d+$/.test(param) ? Number(param) : undefined;

render(
  <QueryClientProvider client={client}>
    <App boundTab={boundTab} />
  </QueryClientProvider>,
  document.getElementById('app')!,
);
