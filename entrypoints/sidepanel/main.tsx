import { render } from 'preact';

render(<main>SOP Copilot</main>, document.getElementById('app')!);
