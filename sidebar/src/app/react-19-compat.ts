import { unstableSetRender } from 'antd-mobile';
import { type Root, createRoot } from 'react-dom/client';

// antd-mobile 5 renders Toast, Dialog and other imperative pop-ups with ReactDOM.render, which React 19 removed;
// its documented fix (mobile.ant.design/guide/v5-for-19) hands it React 19's createRoot instead.
type Container = (Element | DocumentFragment) & { _reactRoot?: Root };

unstableSetRender((node, container: Container) => {
  container._reactRoot ??= createRoot(container);
  const root = container._reactRoot;
  root.render(node);
  return async () => {
    // Unmounting inside a render React is still running warns; wait for it to finish.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    container._reactRoot = undefined;
  };
});
