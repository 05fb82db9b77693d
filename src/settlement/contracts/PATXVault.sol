// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessRightsRegistry} from "./AccessRightsRegistry.sol";

/// @title PATX vault
/// @notice Holds deposited PAT. Participants deposit (an event the exchange credits after its
///         confirmations); the settler applies batches: net balance changes per participant that
///         sum to zero after the fee, the withdrawals the engine approved (paid in the same
///         transaction) and the access-right changes (forwarded to the registry). Batch ids
///         increase by exactly one, so a retried batch can never apply twice. Each batch commits
///         to the keccak-256 of its ABI-encoded contents (the call's arguments), stored and emitted.
contract PATXVault is AccessControl, Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    struct BalanceChange {
        address participant;
        int256 deltaWei;
    }

    struct Withdrawal {
        /// The engine's withdrawal id.
        uint64 withdrawalId;
        address to;
        uint256 amountWei;
    }

    struct Batch {
        uint64 batchId;
        /// The last engine sequence number whose effects the batch includes.
        uint64 throughSeq;
        BalanceChange[] balances;
        uint256 feeWei;
        Withdrawal[] withdrawals;
        AccessRightsRegistry.SeriesListing[] listings;
        AccessRightsRegistry.RightsChange[] rights;
        /// The access grants the batch's exercises issued: a Merkle root and their number (0: none).
        bytes32 grantsRoot;
        uint64 grantCount;
    }

    IERC20 public immutable token;
    AccessRightsRegistry public immutable registry;
    address public feeRecipient;
    /// Each participant's PAT in the vault, as of the last batch (and deposits since).
    mapping(address => uint256) public balanceOf;
    uint64 public lastBatchId;
    uint64 public lastThroughSeq;
    mapping(uint64 => bytes32) public batchHash;

    error ZeroAddress();
    error ZeroAmount();
    error BatchIdNotNext(uint64 given, uint64 expected);
    error ThroughSeqNotIncreasing(uint64 given, uint64 last);
    error UnbalancedBatch(int256 sumOfDeltasWei, uint256 feeWei);
    error NegativeBalance(address participant, uint256 balanceWei, int256 deltaWei);
    error WithdrawalExceedsBalance(uint64 withdrawalId, address to, uint256 balanceWei, uint256 amountWei);

    event Deposited(address indexed depositor, uint256 amountWei, uint256 balanceWei);
    event WithdrawalPaid(uint64 indexed withdrawalId, address indexed to, uint256 amountWei);
    event BatchSettled(
        uint64 indexed batchId,
        bytes32 contentHash,
        uint64 throughSeq,
        uint256 balanceChanges,
        uint256 withdrawals,
        uint256 rightsChanges
    );
    event FeeRecipientChanged(address feeRecipient);

    constructor(IERC20 token_, AccessRightsRegistry registry_, address admin, address settler, address feeRecipient_) {
        if (
            address(token_) == address(0) || address(registry_) == address(0) || admin == address(0)
                || settler == address(0) || feeRecipient_ == address(0)
        ) revert ZeroAddress();
        token = token_;
        registry = registry_;
        feeRecipient = feeRecipient_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(SETTLER_ROLE, settler);
    }

    // ------------------------------------------------------------------ deposits

    function deposit(uint256 amountWei) external whenNotPaused nonReentrant {
        _deposit(msg.sender, amountWei);
    }

    /// @notice Deposit with an EIP-2612 permit instead of a prior approve.
    function depositWithPermit(uint256 amountWei, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        whenNotPaused
        nonReentrant
    {
        IERC20Permit(address(token)).permit(msg.sender, address(this), amountWei, deadline, v, r, s);
        _deposit(msg.sender, amountWei);
    }

    function _deposit(address from, uint256 amountWei) private {
        if (amountWei == 0) revert ZeroAmount();
        token.safeTransferFrom(from, address(this), amountWei);
        uint256 balance = balanceOf[from] + amountWei;
        balanceOf[from] = balance;
        emit Deposited(from, amountWei, balance);
    }

    // ------------------------------------------------------------------ batches

    /// @notice Applies one batch, all or nothing.
    function settleBatch(Batch calldata batch) external onlyRole(SETTLER_ROLE) whenNotPaused nonReentrant {
        uint64 expected = lastBatchId + 1;
        if (batch.batchId != expected) revert BatchIdNotNext(batch.batchId, expected);
        if (batch.throughSeq < lastThroughSeq) revert ThroughSeqNotIncreasing(batch.throughSeq, lastThroughSeq);
        lastBatchId = expected;
        lastThroughSeq = batch.throughSeq;

        int256 sum = 0;
        uint256 n = batch.balances.length;
        for (uint256 i = 0; i < n; i++) {
            BalanceChange calldata c = batch.balances[i];
            int256 delta = c.deltaWei;
            sum += delta;
            uint256 balance = balanceOf[c.participant];
            if (delta >= 0) {
                balanceOf[c.participant] = balance + uint256(delta);
            } else {
                uint256 taken = uint256(-delta);
                if (taken > balance) revert NegativeBalance(c.participant, balance, delta);
                balanceOf[c.participant] = balance - taken;
            }
        }
        if (batch.feeWei > uint256(type(int256).max) || sum + int256(batch.feeWei) != 0) {
            revert UnbalancedBatch(sum, batch.feeWei);
        }
        if (batch.feeWei != 0) balanceOf[feeRecipient] += batch.feeWei;

        if (batch.listings.length != 0 || batch.rights.length != 0) {
            registry.applyChanges(batch.listings, batch.rights);
        }
        if (batch.grantCount != 0) registry.commitGrants(batch.batchId, batch.grantsRoot, batch.grantCount);

        uint256 w = batch.withdrawals.length;
        for (uint256 i = 0; i < w; i++) {
            Withdrawal calldata wd = batch.withdrawals[i];
            if (wd.to == address(0)) revert ZeroAddress();
            if (wd.amountWei == 0) revert ZeroAmount();
            uint256 balance = balanceOf[wd.to];
            if (wd.amountWei > balance) revert WithdrawalExceedsBalance(wd.withdrawalId, wd.to, balance, wd.amountWei);
            balanceOf[wd.to] = balance - wd.amountWei;
        }
        // Effects above, interactions below: the transfers come last.
        for (uint256 i = 0; i < w; i++) {
            Withdrawal calldata wd = batch.withdrawals[i];
            token.safeTransfer(wd.to, wd.amountWei);
            emit WithdrawalPaid(wd.withdrawalId, wd.to, wd.amountWei);
        }

        bytes32 contentHash = keccak256(msg.data[4:]);
        batchHash[expected] = contentHash;
        emit BatchSettled(expected, contentHash, batch.throughSeq, n, w, batch.rights.length);
    }

    // ------------------------------------------------------------------ admin

    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    function setFeeRecipient(address feeRecipient_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        feeRecipient = feeRecipient_;
        emit FeeRecipientChanged(feeRecipient_);
    }
}
