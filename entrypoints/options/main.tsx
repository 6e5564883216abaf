import { render } from 'preact';
import { QueryClient, QueryClientProvider } from '@tanstack/preact-query';
import '../../components/shared/theme.css';
import '../../components/console/console.css';
import { App } from './App.tsx';

const client = new QueryClient({ defaultOptions: { queries: { retry: 1 } } });

render(
  <QueryClientProvider client={client}>
    <App />
  </QueryClientProvider>,
  document.getElementById('app')!,
);
