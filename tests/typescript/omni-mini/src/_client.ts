/** The OmniMini client: one API per view. */

import {
  type ClientConfig,
  type ClientOptions,
  type ClientSettings,
  InstanceClient,
  ViewAPI,
} from "./_runtime/index.js";
import { DEFAULT_INSTANCE_SPACE } from "./_settings.js";
import { type ConnectionEdgeAAPI, ConnectionEdgeAView } from "./views/connectionEdgeA.js";
import { type ConnectionItemAAPI, ConnectionItemAView } from "./views/connectionItemA.js";
import { type ConnectionItemBAPI, ConnectionItemBView } from "./views/connectionItemB.js";
import { type ConnectionItemCAPI, ConnectionItemCView } from "./views/connectionItemC.js";
import { type ConnectionItemDAPI, ConnectionItemDView } from "./views/connectionItemD.js";
import { type ConnectionItemEAPI, ConnectionItemEView } from "./views/connectionItemE.js";
import { type ConnectionItemFAPI, ConnectionItemFView } from "./views/connectionItemF.js";
import { type ConnectionItemGAPI, ConnectionItemGView } from "./views/connectionItemG.js";
import { type Implementation1API, Implementation1View } from "./views/implementation1.js";
import { type MainInterfaceAPI, MainInterfaceView } from "./views/mainInterface.js";
import { type PrimitiveNullableAPI, PrimitiveNullableView } from "./views/primitiveNullable.js";
import { type PrimitiveNullableListedAPI, PrimitiveNullableListedView } from "./views/primitiveNullableListed.js";
import { type PrimitiveRequiredAPI, PrimitiveRequiredView } from "./views/primitiveRequired.js";
import { type SubInterfaceAPI, SubInterfaceView } from "./views/subInterface.js";

/** Typed access to the data model sp_pygen_models:Omni/1. */
export class OmniMiniClient extends InstanceClient {
  /** The view sp_pygen_models:ConnectionEdgeA/1. */
  readonly connectionEdgeA: ConnectionEdgeAAPI = new ViewAPI(this, ConnectionEdgeAView);
  /** The view sp_pygen_models:ConnectionItemA/1. */
  readonly connectionItemA: ConnectionItemAAPI = new ViewAPI(this, ConnectionItemAView);
  /** The view sp_pygen_models:ConnectionItemB/1. */
  readonly connectionItemB: ConnectionItemBAPI = new ViewAPI(this, ConnectionItemBView);
  /** The view sp_pygen_models:ConnectionItemC/1. */
  readonly connectionItemC: ConnectionItemCAPI = new ViewAPI(this, ConnectionItemCView);
  /** The view sp_pygen_models:ConnectionItemD/1. */
  readonly connectionItemD: ConnectionItemDAPI = new ViewAPI(this, ConnectionItemDView);
  /** The view sp_pygen_models:ConnectionItemE/1. */
  readonly connectionItemE: ConnectionItemEAPI = new ViewAPI(this, ConnectionItemEView);
  /** The view sp_pygen_models:ConnectionItemF/1. */
  readonly connectionItemF: ConnectionItemFAPI = new ViewAPI(this, ConnectionItemFView);
  /** The view sp_pygen_models:ConnectionItemG/1. */
  readonly connectionItemG: ConnectionItemGAPI = new ViewAPI(this, ConnectionItemGView);
  /** The view sp_pygen_models:Implementation1/1. */
  readonly implementation1: Implementation1API = new ViewAPI(this, Implementation1View);
  /** The view sp_pygen_models:MainInterface/1. */
  readonly mainInterface: MainInterfaceAPI = new ViewAPI(this, MainInterfaceView);
  /** The view sp_pygen_models:PrimitiveNullable/1. */
  readonly primitiveNullable: PrimitiveNullableAPI = new ViewAPI(this, PrimitiveNullableView);
  /** The view sp_pygen_models:PrimitiveNullableListed/1. */
  readonly primitiveNullableListed: PrimitiveNullableListedAPI = new ViewAPI(this, PrimitiveNullableListedView);
  /** The view sp_pygen_models:PrimitiveRequired/1. */
  readonly primitiveRequired: PrimitiveRequiredAPI = new ViewAPI(this, PrimitiveRequiredView);
  /** The view sp_pygen_models:SubInterface/1. */
  readonly subInterface: SubInterfaceAPI = new ViewAPI(this, SubInterfaceView);

  constructor(config: ClientConfig | ClientOptions, settings: ClientSettings = {}) {
    super(config, { defaultSpace: DEFAULT_INSTANCE_SPACE, ...settings });
  }
}
