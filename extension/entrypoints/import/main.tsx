import { getDb } from '../../db/database.ts';
import { t } from '../../i18n/index.ts';
import { ImportApp } from '../../import/ui/ImportApp.tsx';
import { boot } from '../../ui/boot.tsx';
import '../../ui/theme.css';
import './style.css';

void boot(
  () => t('import.title'),
  () => <ImportApp db={getDb()} />,
);
