// The explorer's entry point: one page, two views chosen by the path.
import './explorer.css';
import { showExplorer } from './explore.ts';
import { showSource } from './source-view.ts';
import { SOURCE_PATH } from './urls.ts';

const root = document.getElementById('app')!;
if (location.pathname === SOURCE_PATH) void showSource(root);
else showExplorer(root);
