package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The tests run on the module path, and the testkit exports only its API (STYLE: modules). */
class ModuleLayoutTest {

    @Test
    void testsRunInsideTheNamedModule() {
        Module module = FakeTaskService.class.getModule();
        assertEquals("dev.taskhost.testkit", module.getName());
        assertEquals(module, getClass().getModule(), "test classes are patched into the module");
    }

    @Test
    void onlyTheApiPackageIsExported() {
        Module module = FakeTaskService.class.getModule();
        assertTrue(module.isExported("dev.taskhost.testkit"));
        assertFalse(module.isExported("dev.taskhost.testkit.internal"));
        assertFalse(module.isOpen("dev.taskhost.testkit.internal"));
    }
}
