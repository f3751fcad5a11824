import { createRoot } from 'react-dom/client';
import { Page } from './components';
import { DaftarPage } from './DaftarPage';
import './residents.css';

createRoot(document.getElementById('root')!).render(<Page title="daftarTitle"><DaftarPage /></Page>);
