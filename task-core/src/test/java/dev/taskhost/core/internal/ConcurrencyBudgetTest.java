package dev.taskhost.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConcurrencyBudgetTest {

    @Test
    void r4_aQueueAskingMoreThanWhatIsLeftGetsWhatIsLeft() {
        ConcurrencyBudget budget = new ConcurrencyBudget("p", 5);

        assertEquals(3, budget.allocate(3));
        assertEquals(2, budget.allocate(4));
    }

    @Test
    void r4_withNothingLeftAllocationFailsSayingHowMuchIsAllocated() {
        ConcurrencyBudget budget = new ConcurrencyBudget("p", 2);
        budget.allocate(2);

        var e = assertThrows(IllegalStateException.class, () -> budget.allocate(1));

        assertEquals("the concurrency budget of owner 'p' is used up: 2/2 allocated (R4)", e.getMessage());
    }

    @Test
    void r4_aReleasedGrantCanBeAllocatedAgain() {
        ConcurrencyBudget budget = new ConcurrencyBudget("p", 2);
        budget.release(budget.allocate(2));

        assertEquals(2, budget.allocate(2));
    }
}
