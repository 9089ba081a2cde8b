package org.landscape.notebook.kernels;

import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.landscape.display.DisplaySink;
import org.landscape.display.MimeBundle;
import org.landscape.display.Display;
import org.landscape.display.Renderings;

/**
 * JJava: loaded as an {@link Extension} service when the library is on the kernel's classpath, and also
 * installed by {@code Notebook.setup()}. Works with 1.0-a5 and earlier (kernel from
 * {@code org.dflib.jjava.JJava.getKernelInstance()}) and 1.0-a6 and later (from {@code BaseKernel.notebookKernel()},
 * the kernel class being {@code org.dflib.jjava.distro.JJava}); display ids go through
 * {@code putTransientData("display_id", id)}, which every version has (a7 changed {@code setDisplayId}'s signature).
 */
public final class JJavaExtension implements Extension, DisplaySink {
    private static final MIMEType[] TYPES = {MIMEType.IMAGE_PNG, MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN};
    private BaseKernel kernel;

    @Override
    public void install(BaseKernel kernel) {
        this.kernel = kernel;
        for (Class<?> type : Renderings.RENDERED_TYPES) {
            register(kernel, type);
        }
        Display.attach(this);
    }

    static DisplaySink installInRunningKernel() {
        Object instance = notebookKernel();
        if (!(instance instanceof BaseKernel)) {
            instance = Kernels.kernelInstance("org.dflib.jjava.JJava"); // 1.0-a5 and earlier
        }
        if (!(instance instanceof BaseKernel)) {
            return null;
        }
        JJavaExtension extension = new JJavaExtension();
        extension.install((BaseKernel) instance);
        return extension;
    }

    /** The running kernel from {@code BaseKernel.notebookKernel()} (1.0-a6 and later), or null. */
    static Object notebookKernel() {
        try {
            return BaseKernel.class.getMethod("notebookKernel").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The kernel's display data for {@code bundle}, under display id {@code id} if not null. */
    static DisplayData displayData(MimeBundle bundle, String id) {
        DisplayData data = copy(bundle, new DisplayData());
        if (id != null) {
            data.putTransientData(DISPLAY_ID, id);
        }
        return data;
    }

    private static final String DISPLAY_ID = "display_id";

    private static <T> void register(BaseKernel kernel, Class<T> type) {
        kernel.getRenderer().createRegistration(type).supporting(TYPES).preferring(TYPES)
                .register((value, context) -> copy(Renderings.of(value), context.getOutputContainer()));
    }

    private static DisplayData copy(MimeBundle bundle, DisplayData out) {
        bundle.data().forEach((mime, value) -> out.putData(type(mime), value));
        for (Map.Entry<String, Map<String, Object>> meta : bundle.metadata().entrySet()) {
            out.putMetaData(type(meta.getKey()), meta.getValue());
        }
        return out;
    }

    private static MIMEType type(String mime) {
        switch (mime) {
            case MimeBundle.PNG:
                return MIMEType.IMAGE_PNG;
            case MimeBundle.HTML:
                return MIMEType.TEXT_HTML;
            default:
                return MIMEType.TEXT_PLAIN;
        }
    }

    @Override
    public String display(MimeBundle bundle) {
        String id = UUID.randomUUID().toString();
        kernel.display(displayData(bundle, id));
        return id;
    }

    @Override
    public void update(String id, MimeBundle bundle) {
        kernel.getIO().display.updateDisplay(displayData(bundle, id));
    }

    @Override
    public boolean updatesInPlace() {
        return true;
    }

    @Override
    public String name() {
        return "JJava";
    }
}
